namespace PropGrade.Core.Audit;

/// <summary>A run-level finding of the integrity check: <c>raw_integrity</c> or <c>raw_unverified</c> and what it means.</summary>
public sealed record RawIntegrityNotice(string Code, string Message);

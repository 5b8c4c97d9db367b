namespace PropGrade.Core.Audit;

/// <summary>Why a stored raw group was refused: a code of <see cref="RawIntegrityCodes"/> and what was found, in words.</summary>
public sealed record RawGroupFailure(string Code, string Message);

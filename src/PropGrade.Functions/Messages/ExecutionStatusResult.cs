namespace PropGrade.Functions.Messages;

/// <summary>
/// What the run-ended handler did: <see cref="Outcome"/> is <c>marked_failed</c>, <c>already_final</c> (the record had
/// a final status; nothing written), <c>no_record</c> (no such run) or <c>ignored</c> (not an unsuccessful end);
/// <see cref="RunStatus"/> is the record's status afterwards.
/// </summary>
public sealed record ExecutionStatusResult(string? RunId, string Outcome, string? RunStatus);

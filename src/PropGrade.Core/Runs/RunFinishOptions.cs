namespace PropGrade.Core.Runs;

/// <summary>What the host adds when a run finishes.</summary>
/// <param name="Note">Appended to the run's error (a regrade's raw-integrity findings); null for none.</param>
/// <param name="WireCounters">429s and retries the host's client counted (added to the record); null for none.</param>
public sealed record RunFinishOptions(string? Note = null, RunCounters? WireCounters = null)
{
    public static RunFinishOptions None { get; } = new();
}

namespace PropGrade.Core.Runs;

/// <summary>
/// What one worker saw since its last report, in completion order, for the run-level breaker kept on the run record:
/// <see cref="Failures"/> agents failing on the API at the end, after a success when <see cref="AfterSuccess"/> (the
/// record's streak restarts at <see cref="Failures"/>), else with no success at all (the streak grows by it).
/// </summary>
public sealed record BreakerStreak(int Failures, bool AfterSuccess)
{
    /// <summary>Sets the record's streak to zero (a start, a resume, a redrive).</summary>
    public static BreakerStreak Reset { get; } = new(0, AfterSuccess: true);

    /// <summary>Nothing to report (no agent finished).</summary>
    public bool IsEmpty => Failures == 0 && !AfterSuccess;
}

namespace PropGrade.Core.Audit;

/// <summary>
/// A listing source that serves a run's raw audit trail back (a regrade). The host calls <see cref="EndReplay"/> once
/// grading is done: the source releases its caches and open files before aggregation and says what the integrity
/// check found.
/// </summary>
public interface IRawReplayAudit
{
    /// <summary>
    /// Releases what the replay holds (a later request opens it again) and returns the integrity report; null when the
    /// raw data was never read.
    /// </summary>
    RawIntegrityReport? EndReplay();
}

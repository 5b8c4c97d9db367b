namespace PropGrade.Core.Audit;

/// <summary>
/// A raw store that has a local directory where an index derived from a run's raw data may be kept next to it (the
/// local store: <c>{dataDir}/runs/{runId}/raw-index/</c>), so that it is built once and reused.
/// </summary>
public interface IRawIndexHome
{
    /// <summary>The directory (not necessarily existing yet) for derived indexes of <paramref name="runId"/>.</summary>
    string IndexDirectory(string runId);
}

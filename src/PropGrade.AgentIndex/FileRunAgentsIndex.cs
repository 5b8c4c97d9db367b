using PropGrade.Core.Agents;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;

namespace PropGrade.AgentIndex;

/// <summary>
/// <see cref="IRunAgentsIndex"/> as files: each run's index at the path <paramref name="pathOf"/> gives (locally
/// <c>{dataDir}/runs/{runId}/index/agents-v1.db</c>; on AWS the Runs Lambda's <c>/tmp</c> copy).
/// </summary>
public sealed class FileRunAgentsIndex(Func<string, string> pathOf) : IRunAgentsIndex
{
    private readonly Func<string, string> _pathOf = pathOf ?? throw new ArgumentNullException(nameof(pathOf));

    /// <summary>The index under a data directory laid out as the runs are: <c>{dataDir}/runs/{runId}/index/agents-v1.db</c>.</summary>
    public static FileRunAgentsIndex UnderDataDirectory(string dataDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        var root = Path.GetFullPath(dataDir);
        return new FileRunAgentsIndex(runId => Path.Combine(root, "runs", CheckedRunId(runId), "index", AgentIndexFile.FileName));
    }

    /// <summary>Where the index of <paramref name="runId"/> is (or would be).</summary>
    public string PathOf(string runId) => _pathOf(runId);

    public Task WriteAsync(string runId, GradingPlan plan, IEnumerable<GradedRow> agents, CancellationToken cancellationToken) =>
        AgentIndexFile.WriteAsync(_pathOf(runId), plan, agents, cancellationToken);

    public Task<IRunAgentsReader?> OpenAsync(string runId, CancellationToken cancellationToken)
    {
        var path = _pathOf(runId);
        return Task.FromResult<IRunAgentsReader?>(File.Exists(path) ? new SqliteAgentsReader(path) : null);
    }

    private static string CheckedRunId(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (runId.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || runId is "." or ".." || runId.StartsWith('.'))
        {
            throw new ArgumentException($"Run id '{runId}' cannot be used as a directory name.", nameof(runId));
        }

        return runId;
    }
}

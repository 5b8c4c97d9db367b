using PropGrade.Core.Exports;
using PropGrade.Core.Grading;

namespace PropGrade.Core.Agents;

/// <summary>
/// A run's graded agents, indexed for the results table (the port): written once from the aggregation's rows when the
/// exports are written (<see cref="RunExporter"/>), then queried page by page. One implementation, a SQLite file
/// (<c>PropGrade.AgentIndex</c>): locally under the run's data directory, on AWS an S3 object the Runs Lambda copies
/// to <c>/tmp</c>.
/// </summary>
public interface IRunAgentsIndex
{
    /// <summary>Writes (or replaces, atomically) the index of <paramref name="runId"/> from every graded row, in export order.</summary>
    Task WriteAsync(string runId, GradingPlan plan, IEnumerable<GradedRow> agents, CancellationToken cancellationToken);

    /// <summary>The run's index, or null when it has none (not finished yet, or finished before indexes existed).</summary>
    Task<IRunAgentsReader?> OpenAsync(string runId, CancellationToken cancellationToken);
}

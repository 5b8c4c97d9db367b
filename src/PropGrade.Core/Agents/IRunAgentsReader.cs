using PropGrade.Core.Exports;

namespace PropGrade.Core.Agents;

/// <summary>One run's agents index, open for queries.</summary>
public interface IRunAgentsReader
{
    /// <summary>The rows matching the query's filters and search, sorted, one page of them.</summary>
    Task<AgentRows> QueryAsync(AgentQuery query, CancellationToken cancellationToken);

    /// <summary>One agent's row, or null when the run graded no such agent.</summary>
    Task<GradedRow?> FindAsync(string advertiserId, CancellationToken cancellationToken);

    /// <summary>Per market, and the top movers.</summary>
    Task<RunBreakdown> BreakdownAsync(CancellationToken cancellationToken);
}

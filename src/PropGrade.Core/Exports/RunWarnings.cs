using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// The run's warnings, from how discovery went and from the graded agents, in a fixed order (markets in request order,
/// then agents by id, then advertiser types by name), so that a regrade of the same data reproduces them.
/// </summary>
public static class RunWarnings
{
    /// <summary>How many agent ids an <c>unknown_advertiser_type</c> warning names.</summary>
    public const int ListedAgents = 10;

    public static IReadOnlyList<RunWarning> From(IReadOnlyList<MarketReport> markets, IEnumerable<AgentResult> results)
    {
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(results);
        var collector = new RunWarningsCollector();
        foreach (var result in results)
        {
            collector.Add(result);
        }

        return collector.Warnings(markets);
    }
}

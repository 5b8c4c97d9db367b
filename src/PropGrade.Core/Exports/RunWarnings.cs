using System.Globalization;
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
        var warnings = new List<RunWarning>();
        foreach (var market in markets)
        {
            if (market.Failed is { } reason)
            {
                warnings.Add(new(RunWarningCodes.MarketFailed, Format(
                    $"Market {market.PostalCode} could not be discovered ({reason}) after retries: {market.AgentsFound} agents were read and graded, {market.NotReached} were not reached. The run is PARTIAL; run the market again.")));
            }
            else if (market.Truncated)
            {
                warnings.Add(new(RunWarningCodes.MarketTruncated, Format(
                    $"Market {market.PostalCode}: the listing API stopped serving agents after {market.AgentsFound} of {market.MatchingRows ?? 0} (an offset cap); {market.NotReached} agents were not reached and are not graded.")));
            }
            else if (market.MatchingRows == 0)
            {
                warnings.Add(new(RunWarningCodes.MarketEmpty, Format($"Market {market.PostalCode} has no agents (is it a valid ZIP code?).")));
            }
        }

        var ordered = results.OrderBy(r => r.AdvertiserId, Comparer<string>.Create(ExportFormat.CompareIds)).ToList();
        foreach (var result in ordered.Where(r => r.UnorderedPages))
        {
            warnings.Add(new(RunWarningCodes.UnorderedPages, Format(
                $"Agent {result.AdvertiserId}: its sold listings were not served newest first, so every sold page up to the last (or maxPages) was read instead of stopping at soldSince.")));
        }

        var byType = new SortedDictionary<string, List<AgentResult>>(StringComparer.Ordinal);
        foreach (var result in ordered)
        {
            foreach (var type in result.UnknownTypes ?? [])
            {
                if (!byType.TryGetValue(type, out var agents))
                {
                    byType[type] = agents = [];
                }

                agents.Add(result);
            }
        }

        foreach (var (type, agents) in byType)
        {
            var ids = string.Join(", ", agents.Take(ListedAgents).Select(a => a.AdvertiserId)) + (agents.Count > ListedAgents ? ", ..." : "");
            warnings.Add(new(RunWarningCodes.UnknownAdvertiserType, Format(
                $"Advertiser type '{type}' is on no side (not seller, co_seller, buyer or co_buyer): listings where an agent appeared only with it counted nothing for {agents.Count} agents ({ids}); see their unknown_sides.")));
        }

        return warnings;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

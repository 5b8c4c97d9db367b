using System.Globalization;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// Gathers what the agent warnings need from results seen one at a time, in any order: the ids of agents with unordered
/// pages, and per unknown advertiser type its agent count and the <see cref="RunWarnings.ListedAgents"/> lowest ids
/// (the ones a warning names). Memory grows with the warnings, not with the agents.
/// </summary>
internal sealed class RunWarningsCollector
{
    private static readonly Comparer<string> ById = Comparer<string>.Create(ExportFormat.CompareIds);
    private readonly List<string> _unordered = [];
    private readonly SortedDictionary<string, (int Count, List<string> Lowest)> _byType = new(StringComparer.Ordinal);

    public void Add(AgentResult result)
    {
        if (result.UnorderedPages)
        {
            _unordered.Add(result.AdvertiserId);
        }

        foreach (var type in result.UnknownTypes ?? [])
        {
            var (count, lowest) = _byType.TryGetValue(type, out var entry) ? entry : (0, new List<string>());
            InsertBounded(lowest, result.AdvertiserId);
            _byType[type] = (count + 1, lowest);
        }
    }

    /// <summary>The run's warnings: <paramref name="markets"/> first (request order), then agents by id, then types by name.</summary>
    public IReadOnlyList<RunWarning> Warnings(IReadOnlyList<MarketReport> markets)
    {
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

        foreach (var id in _unordered.Order(ById))
        {
            warnings.Add(new(RunWarningCodes.UnorderedPages, Format(
                $"Agent {id}: its sold listings were not served newest first, so every sold page up to the last (or maxPages) was read instead of stopping at soldSince.")));
        }

        foreach (var (type, (count, lowest)) in _byType)
        {
            var ids = string.Join(", ", lowest) + (count > RunWarnings.ListedAgents ? ", ..." : "");
            warnings.Add(new(RunWarningCodes.UnknownAdvertiserType, Format(
                $"Advertiser type '{type}' is on no side (not seller, co_seller, buyer or co_buyer): listings where an agent appeared only with it counted nothing for {count} agents ({ids}); see their unknown_sides.")));
        }

        return warnings;
    }

    /// <summary>Keeps <paramref name="lowest"/> the sorted lowest ids seen (ties after their equals, as a stable sort would).</summary>
    private static void InsertBounded(List<string> lowest, string id)
    {
        var at = lowest.Count;
        while (at > 0 && ExportFormat.CompareIds(lowest[at - 1], id) > 0)
        {
            at--;
        }

        if (at >= RunWarnings.ListedAgents)
        {
            return;
        }

        lowest.Insert(at, id);
        if (lowest.Count > RunWarnings.ListedAgents)
        {
            lowest.RemoveAt(lowest.Count - 1);
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// Results → status, tier counts, graded rows (selected tiers only, in export order, movement versus the previous
/// run) and the summary. Pure and deterministic: the same results give the same rows, so the same export bytes
/// (<see cref="RunExporter"/> writes the files).
/// </summary>
public static class RunAggregator
{
    public const string MovementNew = "new";
    public const string MovementUp = "up";
    public const string MovementDown = "down";
    public const string MovementSame = "same";

    /// <param name="plan">The run's grading plan.</param>
    /// <param name="request">The run's request (copied into summary.json).</param>
    /// <param name="agentsDiscovered">How many agents the run set out to grade.</param>
    /// <param name="results">One result per graded agent, in any order.</param>
    /// <param name="previous">The previous run over the same markets, or null.</param>
    /// <param name="markets">How each market's discovery went (the run record's <c>markets</c>); null for a roster.</param>
    public static RunAggregate Aggregate(GradingPlan plan, RunRequest request, int agentsDiscovered, IReadOnlyCollection<AgentResult> results, PreviousRun? previous, IReadOnlyList<MarketReport>? markets = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(results);

        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Tiers.Count; i++)
        {
            rank[plan.Tiers[i].Name] = i;
        }

        rank[GradingPlan.Unranked] = plan.Tiers.Count;

        var tierCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var tier in plan.Tiers.Skip(plan.TopIndex))
        {
            tierCounts[tier.Name] = 0;
        }

        tierCounts[GradingPlan.Unranked] = 0;
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var movementCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (previous is not null)
        {
            foreach (var m in new[] { MovementNew, MovementUp, MovementDown, MovementSame })
            {
                movementCounts[m] = 0;
            }
        }

        var rows = new List<GradedRow>();
        var agents = new List<GradedRow>(results.Count);
        var incomplete = 0;
        var skipped = 0;
        foreach (var result in results)
        {
            tierCounts[result.Tier] = tierCounts.GetValueOrDefault(result.Tier) + 1;
            if (!result.Complete)
            {
                incomplete++;
                reasons[result.StopReason] = reasons.GetValueOrDefault(result.StopReason) + 1;
            }

            if (result.Skipped)
            {
                skipped++;
            }

            var movement = Movement(result, previous, rank);
            var row = new GradedRow(
                result.AdvertiserId, result.AdvertiserId, result.Name, result.Office, result.Tier,
                result.SoldVolume, result.SoldSides, result.ActiveVolume, result.ActiveCount, result.InitialTier,
                result.Complete, result.StopReason, result.PagesFetched, movement, result.Market,
                result.UndisclosedSales, result.VolumeEstimated, result.UnknownSides, result.Contact);
            agents.Add(row); // every graded agent, whatever its tier: the agents index (GET /runs/{id}/agents) is built from these
            if (!plan.IsSelected(result.Tier))
            {
                continue;
            }

            if (movement.Length > 0)
            {
                movementCounts[movement]++;
            }

            rows.Add(row);
        }

        Comparison<GradedRow> exportOrder = (a, b) =>
        {
            var byTier = rank[a.Tier].CompareTo(rank[b.Tier]);
            if (byTier != 0)
            {
                return byTier;
            }

            var byVolume = (b.SoldVolume + (plan.IncludeActive ? b.ActiveVolume : 0m)).CompareTo(a.SoldVolume + (plan.IncludeActive ? a.ActiveVolume : 0m));
            return byVolume != 0 ? byVolume : ExportFormat.CompareIds(a.AdvertiserId, b.AdvertiserId);
        };
        rows.Sort(exportOrder);
        agents.Sort(exportOrder);

        var marketReports = markets ?? [];
        var warnings = RunWarnings.From(marketReports, results);
        var status = incomplete > 0 || results.Count < agentsDiscovered || marketReports.Any(m => m.Failed is not null)
            ? RunStatus.Partial
            : RunStatus.Succeeded;
        var summary = new RunSummary(
            request,
            plan.ApiToday,
            agentsDiscovered,
            results.Count,
            results.Count - incomplete,
            incomplete + Math.Max(0, agentsDiscovered - results.Count),
            skipped,
            rows.Count,
            tierCounts,
            reasons,
            movementCounts,
            previous?.RunId,
            results.Sum(r => r.UndisclosedSales),
            marketReports,
            warnings);

        return new RunAggregate(status, tierCounts, rows, summary, warnings) { Agents = agents };
    }

    private static string Movement(AgentResult result, PreviousRun? previous, Dictionary<string, int> rank)
    {
        if (previous is null)
        {
            return "";
        }

        if (!previous.Tiers.TryGetValue(result.AdvertiserId, out var before) || !rank.TryGetValue(before, out var was))
        {
            return MovementNew;
        }

        var now = rank[result.Tier];
        return now < was ? MovementUp : now > was ? MovementDown : MovementSame;
    }
}

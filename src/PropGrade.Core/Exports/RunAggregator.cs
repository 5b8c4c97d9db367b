using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// Results → status, tier counts, graded rows (selected tiers only, in export order, movement and previous tier versus
/// the comparable previous run), the summary, and the workbook's Markets, Dropped and Incomplete sheets. Pure and
/// deterministic: the same results give the same rows, so the same export bytes (<see cref="RunExporter"/> writes the
/// files).
/// </summary>
public static class RunAggregator
{
    public const string MovementNew = "new";
    public const string MovementUp = "up";
    public const string MovementDown = "down";
    public const string MovementSame = "same";

    /// <param name="plan">The run's grading plan.</param>
    /// <param name="request">The run's request (copied into summary.json with the window of <paramref name="plan"/>).</param>
    /// <param name="agentsDiscovered">How many agents the run set out to grade.</param>
    /// <param name="results">One result per graded agent, in any order.</param>
    /// <param name="previous">The comparable previous run (<see cref="PreviousRunSelector"/>), or null.</param>
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
        var incompleteRows = new List<GradedRow>();
        var agents = new List<GradedRow>(results.Count);
        var incomplete = 0;
        var skipped = 0;
        foreach (var result in results)
        {
            tierCounts[result.Tier] = tierCounts.GetValueOrDefault(result.Tier) + 1;
            var selected = plan.IsSelected(result.Tier);
            if (result.Skipped)
            {
                skipped++;
            }

            if (!result.Complete)
            {
                incomplete++;
                reasons[result.StopReason] = reasons.GetValueOrDefault(result.StopReason) + 1;
            }

            var movement = Movement(result, previous, rank);
            var row = ToRow(result, movement, previous);
            agents.Add(row); // every graded agent, whatever its tier: the agents index (GET /runs/{id}/agents) is built from these
            if (!selected && result.Complete)
            {
                continue;
            }

            if (!result.Complete)
            {
                incompleteRows.Add(row);
            }

            if (selected)
            {
                if (movement.Length > 0)
                {
                    movementCounts[movement]++;
                }

                rows.Add(row);
            }
        }

        var order = ExportOrder(plan, rank);
        rows.Sort(order);
        incompleteRows.Sort(order);
        agents.Sort(order);

        var marketReports = markets ?? [];
        var warnings = RunWarnings.From(marketReports, results);
        var dropped = Dropped(plan, results, previous, rank);
        var comparison = previous is null
            ? RunComparison.None
            : previous.SoldSince is { } since && previous.AsOf is { } asOf
                ? RunComparison.With(previous.RunId, previous.Name, since, asOf)
                : new RunComparison(previous.RunId, previous.Name, null, null, $"Compared with run {previous.RunId}.");
        var status = incomplete > 0 || results.Count < agentsDiscovered || marketReports.Any(m => m.Failed is not null)
            ? RunStatus.Partial
            : RunStatus.Succeeded;
        var summary = new RunSummary(
            request.ResolvedAt(plan.ApiToday),
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
            warnings,
            comparison,
            dropped.Count);

        var details = new ExportDetails(MarketRows(plan, request, marketReports, results), dropped, incompleteRows);
        return new RunAggregate(status, tierCounts, rows, summary, warnings, comparison, details) { Agents = agents };
    }

    private static GradedRow ToRow(AgentResult result, string movement, PreviousRun? previous) => new(
        result.AdvertiserId, result.AdvertiserId, result.Name, result.Office, result.Tier,
        result.SoldVolume, result.SoldSides, result.ActiveVolume, result.ActiveCount, result.InitialTier,
        result.Complete, result.StopReason, result.PagesFetched, movement, result.Market,
        result.UndisclosedSales, result.VolumeEstimated, result.UnknownSides, result.Contact,
        previous is not null && previous.Tiers.TryGetValue(result.AdvertiserId, out var before) ? before : null);

    /// <summary>Tier (plan order, Unranked last), then volume (with active volume when counted) descending, then id.</summary>
    private static Comparison<GradedRow> ExportOrder(GradingPlan plan, Dictionary<string, int> rank) => (a, b) =>
    {
        var byTier = rank.GetValueOrDefault(a.Tier, int.MaxValue).CompareTo(rank.GetValueOrDefault(b.Tier, int.MaxValue));
        if (byTier != 0)
        {
            return byTier;
        }

        var byVolume = (b.SoldVolume + (plan.IncludeActive ? b.ActiveVolume : 0m)).CompareTo(a.SoldVolume + (plan.IncludeActive ? a.ActiveVolume : 0m));
        return byVolume != 0 ? byVolume : ExportFormat.CompareIds(a.AdvertiserId, b.AdvertiserId);
    };

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

    /// <summary>The previous run's selected agents who are not in a selected tier now, with what became of them.</summary>
    private static List<DroppedRow> Dropped(GradingPlan plan, IReadOnlyCollection<AgentResult> results, PreviousRun? previous, Dictionary<string, int> rank)
    {
        var dropped = new List<DroppedRow>();
        if (previous is null || previous.Selected.Count == 0)
        {
            return dropped;
        }

        var now = new Dictionary<string, AgentResult>(results.Count, StringComparer.Ordinal);
        foreach (var result in results)
        {
            now[result.AdvertiserId] = result;
        }

        foreach (var before in previous.Selected)
        {
            if (!now.TryGetValue(before.AdvertiserId, out var current))
            {
                dropped.Add(new DroppedRow(before.AdvertiserId, before.Name, before.Office, before.Market, before.Tier, before.SoldVolume, before.SoldSides,
                    null, DroppedReasons.NotFound, null, null, null, before.Contact));
            }
            else if (!plan.IsSelected(current.Tier))
            {
                dropped.Add(new DroppedRow(current.AdvertiserId, current.Name, current.Office, current.Market ?? before.Market, before.Tier, before.SoldVolume, before.SoldSides,
                    current.Tier, current.Complete ? DroppedReasons.DroppedBelow : DroppedReasons.Incomplete, current.SoldVolume, current.SoldSides, current.StopReason,
                    current.Contact ?? before.Contact));
            }
        }

        dropped.Sort((a, b) =>
        {
            var byTier = rank.GetValueOrDefault(a.PreviousTier, int.MaxValue).CompareTo(rank.GetValueOrDefault(b.PreviousTier, int.MaxValue));
            if (byTier != 0)
            {
                return byTier;
            }

            var byVolume = b.PreviousVolume.CompareTo(a.PreviousVolume);
            return byVolume != 0 ? byVolume : ExportFormat.CompareIds(a.AdvertiserId, b.AdvertiserId);
        });
        return dropped;
    }

    /// <summary>One line per market of the run record (request order), then any other market its agents were graded under.</summary>
    private static List<MarketRow> MarketRows(GradingPlan plan, RunRequest request, IReadOnlyList<MarketReport> reports, IReadOnlyCollection<AgentResult> results)
    {
        var graded = new Dictionary<string, (Dictionary<string, int> Tiers, int Count, int Incomplete)>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var market = result.Market ?? "";
            if (!graded.TryGetValue(market, out var entry))
            {
                entry = (new Dictionary<string, int>(StringComparer.Ordinal), 0, 0);
            }

            entry.Tiers[result.Tier] = entry.Tiers.GetValueOrDefault(result.Tier) + 1;
            graded[market] = (entry.Tiers, entry.Count + 1, entry.Incomplete + (result.Complete ? 0 : 1));
        }

        MarketRow Row(string market, MarketReport? report)
        {
            var counts = plan.Tiers.Select(t => t.Name).Append(GradingPlan.Unranked).ToDictionary(t => t, _ => 0, StringComparer.Ordinal);
            var (tiers, count, incompleteCount) = graded.TryGetValue(market, out var e) ? e : (new Dictionary<string, int>(), 0, 0);
            foreach (var (tier, n) in tiers)
            {
                counts[tier] = n;
            }

            return new MarketRow(market, report?.AgentsFound, count, counts, incompleteCount, report?.Truncated ?? false, report?.NotReached ?? 0, report?.Failed);
        }

        var rows = new List<MarketRow>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var byZip = reports.GroupBy(r => r.PostalCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var market in reports.Select(r => r.PostalCode).Concat(request.Markets ?? []))
        {
            if (listed.Add(market))
            {
                rows.Add(Row(market, byZip.GetValueOrDefault(market)));
            }
        }

        foreach (var market in graded.Keys.Where(m => !listed.Contains(m)).Order(StringComparer.Ordinal))
        {
            rows.Add(Row(market, null));
        }

        return rows;
    }
}

using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// One pass over a run's results: every counter of the aggregation (tier counts, incomplete reasons, movement, the
/// Markets sheet's counts, warnings, dropped agents, the summary's totals), each result turned into its row. Holds no
/// row: memory grows with the markets, the tiers, the previous run's selected agents and the warnings only. Both
/// <see cref="RunAggregator.Aggregate"/> (rows sorted in memory) and <see cref="RunAggregator.AggregateAsync"/> (rows
/// sorted externally) use it, so both give the same figures.
/// </summary>
internal sealed class AggregationAccumulator
{
    private readonly GradingPlan _plan;
    private readonly PreviousRun? _previous;
    private readonly Dictionary<string, int> _rank;
    private readonly Dictionary<string, int> _tierCounts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _reasons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _movementCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Dictionary<string, int> Tiers, int Count, int Incomplete)> _graded = new(StringComparer.Ordinal);
    private readonly RunWarningsCollector _warnings = new();

    /// <summary>The previous run's selected agents by id, with what they are now (null until seen, or when still selected).</summary>
    private readonly Dictionary<string, AgentResult?>? _previousSelected;
    private readonly HashSet<string>? _stillSelected;

    public AggregationAccumulator(GradingPlan plan, PreviousRun? previous)
    {
        _plan = plan;
        _previous = previous;
        _rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Tiers.Count; i++)
        {
            _rank[plan.Tiers[i].Name] = i;
        }

        _rank[GradingPlan.Unranked] = plan.Tiers.Count;
        foreach (var tier in plan.Tiers.Skip(plan.TopIndex))
        {
            _tierCounts[tier.Name] = 0;
        }

        _tierCounts[GradingPlan.Unranked] = 0;
        if (previous is not null)
        {
            foreach (var m in new[] { RunAggregator.MovementNew, RunAggregator.MovementUp, RunAggregator.MovementDown, RunAggregator.MovementSame })
            {
                _movementCounts[m] = 0;
            }

            if (previous.Selected.Count > 0)
            {
                _previousSelected = new Dictionary<string, AgentResult?>(previous.Selected.Count, StringComparer.Ordinal);
                _stillSelected = new HashSet<string>(StringComparer.Ordinal);
                foreach (var before in previous.Selected)
                {
                    _previousSelected[before.AdvertiserId] = null;
                }
            }
        }
    }

    /// <summary>Tier (plan order, Unranked last), then volume (with active volume when counted) descending, then id.</summary>
    public Comparison<GradedRow> Order => RunAggregator.ExportOrder(_plan, _rank);

    public int Results { get; private set; }

    public int Incomplete { get; private set; }

    public int Skipped { get; private set; }

    public int Profiled { get; private set; }

    /// <summary>Rows in a selected tier (the exports' rows).</summary>
    public int Selected { get; private set; }

    public int IncompleteRows { get; private set; }

    public int UndisclosedSales { get; private set; }

    /// <summary>Counts a result; its row, and whether it goes to the exports' rows and to the Incomplete sheet.</summary>
    public (GradedRow Row, bool Selected, bool Incomplete) Add(AgentResult result)
    {
        Results++;
        if (result.Profiled)
        {
            Profiled++;
        }

        UndisclosedSales += result.UndisclosedSales;
        _tierCounts[result.Tier] = _tierCounts.GetValueOrDefault(result.Tier) + 1;
        var selected = _plan.IsSelected(result.Tier);
        if (result.Skipped)
        {
            Skipped++;
        }

        if (!result.Complete)
        {
            Incomplete++;
            _reasons[result.StopReason] = _reasons.GetValueOrDefault(result.StopReason) + 1;
        }

        _warnings.Add(result);
        var market = result.Market ?? "";
        var entry = _graded.TryGetValue(market, out var e) ? e : (Tiers: new Dictionary<string, int>(StringComparer.Ordinal), Count: 0, Incomplete: 0);
        entry.Tiers[result.Tier] = entry.Tiers.GetValueOrDefault(result.Tier) + 1;
        _graded[market] = (entry.Tiers, entry.Count + 1, entry.Incomplete + (result.Complete ? 0 : 1));

        if (_previousSelected is not null && _previousSelected.ContainsKey(result.AdvertiserId))
        {
            if (selected)
            {
                _previousSelected[result.AdvertiserId] = null;
                _stillSelected!.Add(result.AdvertiserId);
            }
            else
            {
                _previousSelected[result.AdvertiserId] = result;
                _stillSelected!.Remove(result.AdvertiserId);
            }
        }

        var movement = Movement(result);
        var row = ToRow(result, movement);
        if (!result.Complete)
        {
            IncompleteRows++;
        }

        if (selected)
        {
            if (movement.Length > 0)
            {
                _movementCounts[movement]++;
            }

            Selected++;
        }

        return (row, selected, !result.Complete);
    }

    /// <summary>Status, summary, warnings, comparison and the Markets and Dropped sheets, once every result was added.</summary>
    public (RunStatus Status, IReadOnlyDictionary<string, int> TierCounts, RunSummary Summary, IReadOnlyList<RunWarning> Warnings, RunComparison Comparison, List<MarketRow> Markets, List<DroppedRow> Dropped)
        Finish(RunRequest request, int agentsDiscovered, IReadOnlyList<MarketReport>? markets)
    {
        var marketReports = markets ?? [];
        var warnings = _warnings.Warnings(marketReports);
        var tierCounts = TierCounts();
        var dropped = Dropped();
        var previous = _previous;
        var comparison = previous is null
            ? RunComparison.None
            : previous.SoldSince is { } since && previous.AsOf is { } asOf
                ? RunComparison.With(previous.RunId, previous.Name, since, asOf)
                : new RunComparison(previous.RunId, previous.Name, null, null, $"Compared with run {previous.RunId}.");
        var status = Incomplete > 0 || Results < agentsDiscovered || marketReports.Any(m => m.Failed is not null)
            ? RunStatus.Partial
            : RunStatus.Succeeded;
        var summary = new RunSummary(
            request.ResolvedAt(_plan.ApiToday),
            _plan.ApiToday,
            agentsDiscovered,
            Results,
            Results - Incomplete,
            Incomplete + Math.Max(0, agentsDiscovered - Results),
            Skipped,
            Selected,
            tierCounts,
            _reasons,
            _movementCounts,
            previous?.RunId,
            UndisclosedSales,
            marketReports,
            warnings,
            comparison,
            dropped.Count);
        return (status, tierCounts, summary, warnings, comparison, MarketRows(request, marketReports), dropped);
    }

    /// <summary>
    /// The tier counts in an order that does not depend on the order results came in (the local store yields them by
    /// id, S3 newest object first): the selected tiers from the top one and Unranked as set up, then any other tier met
    /// (above the top selected one) in plan order.
    /// </summary>
    private Dictionary<string, int> TierCounts()
    {
        var preset = _plan.Tiers.Count - _plan.TopIndex + 1;
        if (_tierCounts.Count == preset)
        {
            return _tierCounts;
        }

        var ordered = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (tier, n) in _tierCounts.Take(preset))
        {
            ordered[tier] = n;
        }

        foreach (var (tier, n) in _tierCounts.Skip(preset).OrderBy(t => _rank.GetValueOrDefault(t.Key, int.MaxValue)).ThenBy(t => t.Key, StringComparer.Ordinal))
        {
            ordered[tier] = n;
        }

        return ordered;
    }

    private GradedRow ToRow(AgentResult result, string movement) => new(
        result.AdvertiserId, result.AdvertiserId, result.Name, result.Office, result.Tier,
        result.SoldVolume, result.SoldSides, result.ActiveVolume, result.ActiveCount, result.InitialTier,
        result.Complete, result.StopReason, result.PagesFetched, movement, result.Market,
        result.UndisclosedSales, result.VolumeEstimated, result.UnknownSides, result.Contact,
        _previous is not null && _previous.Tiers.TryGetValue(result.AdvertiserId, out var before) ? before : null);

    private string Movement(AgentResult result)
    {
        if (_previous is null)
        {
            return "";
        }

        if (!_previous.Tiers.TryGetValue(result.AdvertiserId, out var before) || !_rank.TryGetValue(before, out var was))
        {
            return RunAggregator.MovementNew;
        }

        var now = _rank[result.Tier];
        return now < was ? RunAggregator.MovementUp : now > was ? RunAggregator.MovementDown : RunAggregator.MovementSame;
    }

    /// <summary>The previous run's selected agents who are not in a selected tier now, with what became of them.</summary>
    private List<DroppedRow> Dropped()
    {
        var dropped = new List<DroppedRow>();
        if (_previous is null || _previousSelected is null)
        {
            return dropped;
        }

        foreach (var before in _previous.Selected)
        {
            if (_stillSelected!.Contains(before.AdvertiserId))
            {
                continue;
            }

            if (_previousSelected.GetValueOrDefault(before.AdvertiserId) is not { } current)
            {
                dropped.Add(new DroppedRow(before.AdvertiserId, before.Name, before.Office, before.Market, before.Tier, before.SoldVolume, before.SoldSides,
                    null, DroppedReasons.NotFound, null, null, null, before.Contact));
            }
            else
            {
                dropped.Add(new DroppedRow(current.AdvertiserId, current.Name, current.Office, current.Market ?? before.Market, before.Tier, before.SoldVolume, before.SoldSides,
                    current.Tier, current.Complete ? DroppedReasons.DroppedBelow : DroppedReasons.Incomplete, current.SoldVolume, current.SoldSides, current.StopReason,
                    current.Contact ?? before.Contact));
            }
        }

        dropped.Sort((a, b) =>
        {
            var byTier = _rank.GetValueOrDefault(a.PreviousTier, int.MaxValue).CompareTo(_rank.GetValueOrDefault(b.PreviousTier, int.MaxValue));
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
    private List<MarketRow> MarketRows(RunRequest request, IReadOnlyList<MarketReport> reports)
    {
        MarketRow Row(string market, MarketReport? report)
        {
            var counts = _plan.Tiers.Select(t => t.Name).Append(GradingPlan.Unranked).ToDictionary(t => t, _ => 0, StringComparer.Ordinal);
            var (tiers, count, incompleteCount) = _graded.TryGetValue(market, out var e) ? e : (new Dictionary<string, int>(), 0, 0);
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

        foreach (var market in _graded.Keys.Where(m => !listed.Contains(m)).Order(StringComparer.Ordinal))
        {
            rows.Add(Row(market, null));
        }

        return rows;
    }
}

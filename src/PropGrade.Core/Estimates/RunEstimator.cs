using System.Globalization;
using PropGrade.Core.Exports;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Estimates;

/// <summary>
/// Estimates a run before it is launched (<c>POST /runs/estimate</c>): agents, listing-API calls, the duration at the
/// configured rate, the quota left when a response reported it, and (where the host prices runs) the cost. The basis,
/// in order: the latest finished run over the same markets (or roster) — its agents and calls; else what earlier runs'
/// market reports say of each requested ZIP, with the calls per agent of the latest finished run; else defaults
/// (<see cref="DefaultAgentsPerMarket"/>, <see cref="DefaultCallsPerAgent"/>). The estimate says which.
/// </summary>
public sealed class RunEstimator
{
    /// <summary>Agents assumed for a ZIP no earlier run discovered.</summary>
    public const int DefaultAgentsPerMarket = 50;

    /// <summary>
    /// Listing calls per discovered agent when no run says otherwise: the revision-2 pipeline's measured figure (5,000
    /// agents, default tiers: 3,283 listing calls, docs/pipeline.md), rounded up. A roster agent adds its profile call.
    /// </summary>
    public const double DefaultCallsPerAgent = 0.66;

    /// <summary>Agents per discovery page (<c>/agents/list</c>'s limit).</summary>
    public const int DiscoveryPageSize = 20;

    private readonly IRunStore _runs;
    private readonly IEstimateContextProvider _context;
    private readonly IRunCostModel? _cost;

    public RunEstimator(IRunStore runs, IEstimateContextProvider context, IRunCostModel? cost = null)
    {
        _runs = runs ?? throw new ArgumentNullException(nameof(runs));
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _cost = cost;
    }

    public async Task<RunEstimate> EstimateAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = await _context.GetAsync(cancellationToken).ConfigureAwait(false);
        var finished = (await _runs.ListAsync(PreviousRunSelector.SearchLimit, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Status is RunStatus.Succeeded or RunStatus.Partial && r.RegradeOf is null
                && r.EffectiveListingApiRevision == RunRecord.CurrentListingApiRevision && r.Counters.AgentsDiscovered > 0)
            .ToList();
        var notes = new List<string>();
        long agents, calls, discovery;
        string basis, text;
        string? basisRun;
        double? previousDuration = null;
        var roster = request.Roster is not null;
        if (finished.FirstOrDefault(r => PreviousRunSelector.SameMarketsOrAdvertiserIds(r.Request, request)) is { } comparable)
        {
            agents = comparable.Counters.AgentsDiscovered;
            calls = comparable.Counters.ApiCalls;
            discovery = DiscoveryCalls(comparable.Markets ?? []);
            basis = "run";
            basisRun = comparable.RunId;
            text = Invariant($"the latest run over the same {(roster ? "roster" : "markets")}, {comparable.RunId} ({comparable.CreatedAt:yyyy-MM-dd}): {agents:N0} agents, {calls:N0} API calls");
            if (comparable is { StartedAt: { } started, FinishedAt: { } ended })
            {
                previousDuration = (ended - started).TotalSeconds;
            }

            if (!SameGrading(comparable.Request, request))
            {
                notes.Add("The tiers, window, pages or active setting differ from that run's: the calls per agent may differ.");
            }
        }
        else
        {
            var perAgent = DefaultCallsPerAgent;
            basisRun = null;
            if (finished.FirstOrDefault() is { } latest)
            {
                var listingCalls = Math.Max(0, latest.Counters.ApiCalls - DiscoveryCalls(latest.Markets ?? []) - (latest.Request.Roster?.Count ?? 0));
                perAgent = (double)listingCalls / latest.Counters.AgentsDiscovered;
                basisRun = latest.RunId;
            }

            var perAgentText = basisRun is null
                ? Invariant($"{perAgent:0.##} listing calls per agent (the default)")
                : Invariant($"{perAgent:0.##} listing calls per agent (as in run {basisRun})");
            if (roster)
            {
                agents = request.Roster!.Count;
                discovery = 0;
                calls = (long)Math.Ceiling(agents * (1 + perAgent));
                basis = basisRun is null ? "defaults" : "markets";
                text = Invariant($"the roster's {agents:N0} agents, one profile call each and {perAgentText}");
            }
            else
            {
                var known = KnownMarkets(finished);
                var markets = request.Markets ?? [];
                long seen = 0, unseen = 0;
                agents = 0;
                discovery = 0;
                foreach (var zip in markets)
                {
                    if (known.TryGetValue(zip, out var report))
                    {
                        seen++;
                        agents += report.AgentsFound;
                        discovery += DiscoveryPages(report);
                    }
                    else
                    {
                        unseen++;
                        agents += DefaultAgentsPerMarket;
                        discovery += DiscoveryPages(DefaultAgentsPerMarket);
                    }
                }

                calls = discovery + (long)Math.Ceiling(agents * perAgent);
                basis = seen > 0 ? "markets" : "defaults";
                text = seen > 0
                    ? Invariant($"earlier runs' discovery of {seen:N0} of the {markets.Count:N0} markets, and {perAgentText}")
                    : Invariant($"defaults: {DefaultAgentsPerMarket} agents per market and {perAgentText}");
                if (unseen > 0 && seen > 0)
                {
                    notes.Add(Invariant($"{unseen:N0} market(s) no earlier run discovered are assumed to hold {DefaultAgentsPerMarket} agents each."));
                }
            }
        }

        var rate = context.RequestsPerSecond;
        var quota = context.Quota;
        var cost = _cost?.Estimate(new RunCostQuestion(agents, calls, discovery, rate));
        if (quota?.Remaining is { } remaining && remaining < calls)
        {
            notes.Add(Invariant($"The quota left ({remaining:N0}) is smaller than the calls expected ({calls:N0}): the run would stop when it runs out."));
        }

        return new RunEstimate(
            agents, calls, discovery, rate, rate > 0 ? calls / rate : 0, previousDuration,
            quota?.Remaining, quota?.Limit, quota?.Remaining is { } left ? left - calls : null, quota?.SeenAt,
            cost, basis, basisRun, text, notes);
    }

    /// <summary>The newest report of each ZIP any finished run discovered (runs are newest first).</summary>
    private static Dictionary<string, MarketReport> KnownMarkets(IEnumerable<RunRecord> finished)
    {
        var known = new Dictionary<string, MarketReport>(StringComparer.Ordinal);
        foreach (var run in finished)
        {
            foreach (var report in run.Markets ?? [])
            {
                if (report.Failed is null)
                {
                    known.TryAdd(report.PostalCode, report);
                }
            }
        }

        return known;
    }

    private static long DiscoveryCalls(IEnumerable<MarketReport> markets) => markets.Sum(DiscoveryPages);

    private static long DiscoveryPages(MarketReport report) => DiscoveryPages(report.MatchingRows ?? report.AgentsFound);

    /// <summary>Pages of <c>/agents/list</c> a market of <paramref name="rows"/> agents takes (at least one, even when empty).</summary>
    private static long DiscoveryPages(int rows) => Math.Max(1, (rows + DiscoveryPageSize - 1) / DiscoveryPageSize);

    private static bool SameGrading(RunRequest a, RunRequest b) =>
        a.Tiers.SequenceEqual(b.Tiers) && a.SoldSince == b.SoldSince && a.AsOf == b.AsOf && a.IncludeActive == b.IncludeActive
        && a.MaxPages == b.MaxPages && a.SelectedTiers.SequenceEqual(b.SelectedTiers, StringComparer.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

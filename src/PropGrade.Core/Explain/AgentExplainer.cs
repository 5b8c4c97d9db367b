using System.Globalization;
using PropGrade.Core.Agents;
using PropGrade.Core.Audit;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;

namespace PropGrade.Core.Explain;

/// <summary>
/// Explains one agent's tier from the raw store, with zero API calls. It replays the listing stages
/// (<see cref="ActiveStage"/>, <see cref="SoldStage"/>: the stop rules decide which pages the grading read, which for
/// a regrade is not every stored page) over the agent's stored pages (<see cref="IStoredListingPages"/>), then reads
/// the pages served, in order, through a fresh <see cref="ListingTally"/> — the grading's own rule code — taking each
/// listing's <see cref="ListingVerdict"/>. So every verdict is the rule's decision, and the totals are what the
/// grading computed; <see cref="AgentExplanation.MatchesRow"/> says whether they equal the graded row (they do unless
/// the raw store changed or failed its check, which is reported). A regrade's pages come from its source run's raw
/// store; an agent whose profile settled it (<c>profile_bound</c>, <c>no_mls_id</c>) had no listing read.
/// </summary>
public sealed class AgentExplainer
{
    private readonly RunAgentsService _agents;
    private readonly IRawStore? _raw;
    private readonly IStoredListingPages _pages;

    public AgentExplainer(RunAgentsService agents, IRawStore? raw, IStoredListingPages pages)
    {
        _agents = agents ?? throw new ArgumentNullException(nameof(agents));
        _raw = raw;
        _pages = pages ?? throw new ArgumentNullException(nameof(pages));
    }

    public async Task<ExplainResult> ExplainAsync(string runId, string advertiserId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(advertiserId);
        var access = await _agents.OpenAsync(runId, cancellationToken).ConfigureAwait(false);
        if (access is null)
        {
            return ExplainResult.Refused(ExplainStatus.NoSuchRun, $"No run '{runId}'.");
        }

        if (access.Reader is null)
        {
            return ExplainResult.Refused(ExplainStatus.Unavailable, access.Refusal ?? "The run's agents cannot be listed.");
        }

        var record = access.Run;
        if (record.EffectiveListingApiRevision != RunRecord.CurrentListingApiRevision)
        {
            return ExplainResult.Refused(ExplainStatus.Unavailable,
                $"Run '{runId}' was made under listing-API contract revision {record.EffectiveListingApiRevision}; its raw responses cannot be read back by this build.");
        }

        var row = await access.Reader.FindAsync(advertiserId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return ExplainResult.Refused(ExplainStatus.NoSuchAgent, $"Run '{runId}' graded no agent '{advertiserId}'.");
        }

        if (_raw is null)
        {
            return ExplainResult.Refused(ExplainStatus.Unavailable, "No raw store is configured, so the listings behind the grade cannot be read.");
        }

        var plan = GradingPlan.From(record.Request, record.ApiToday ?? record.Request.AsOf);
        var rawRunId = record.RegradeOf ?? record.RunId;
        var evidence = await AgentRawEvidenceReader.ReadAsync(_raw, rawRunId, advertiserId, cancellationToken).ConfigureAwait(false);
        var notes = new List<string>();
        if (record.RegradeOf is not null)
        {
            notes.Add($"A regrade of run {record.RegradeOf}: the listings were read from that run's raw store (no API call).");
        }

        var replay = row.PagesFetched > 0
            ? await ReplayAsync(plan, row, evidence.Exchanges, cancellationToken).ConfigureAwait(false)
            : new Replay([], [], null);
        if (row.PagesFetched == 0)
        {
            notes.Add(NoListingsNote(row));
        }

        var (listings, totals) = Judge(plan, advertiserId, replay.Served);
        var matches = totals == new ExplainedTotals(row.SoldVolume, row.SoldSides, row.ActiveVolume, row.ActiveCount, row.UndisclosedSales, row.UnknownSides, row.PagesFetched);
        if (!matches)
        {
            notes.Add("The listings read back do not add up to the graded figures: " + Mismatch(totals, row)
                + (evidence.Failures.Count > 0 ? " Raw groups that may hold this agent's data failed verification (below)." : " The raw store may have changed since the run."));
        }

        var stopReason = replay.StopReason ?? row.StopReason;
        notes.AddRange(StopNote(stopReason, row.Complete));
        var pages = replay.Asked.Select(a => new ExplainedPage(
            a.Stage, a.Page, a.Result is not null, a.Result?.Total, a.Result?.Listings.Count ?? 0,
            [.. evidence.Exchanges.Where(e => e.Stage == a.Stage && e.Page == a.Page).Select(e => e.Classification)], a.Failure)).ToList();
        var tiers = TierChecks(plan, row);
        return new ExplainResult(ExplainStatus.Explained, null, new AgentExplanation(
            record.RunId, row, plan.SoldSince, plan.AsOf, plan.IncludeActive, UndisclosedPrices.Name(plan.UndisclosedPrice), plan.SelectedTiers,
            tiers, Summary(plan, row, tiers), pages, listings, totals, matches, stopReason, notes,
            new ExplainedIntegrity(rawRunId, evidence.GroupsRead, evidence.GroupsUnverified, evidence.Exchanges.Count, evidence.Failures, evidence.ReadEveryGroup)));
    }

    /// <summary>Runs the listing stages over the stored pages, recording every page asked for and what came back.</summary>
    private async Task<Replay> ReplayAsync(GradingPlan plan, GradedRow row, IReadOnlyList<RawExchange> exchanges, CancellationToken cancellationToken)
    {
        var recorder = new RecordingSource(_pages.Open(exchanges));
        var state = new AgentState
        {
            Item = new AgentWorkItem(row.AdvertiserId, row.Market),
            Next = ProfileStage.FirstListingStage(plan),
            Profiled = true,
            Name = row.Name,
            ListingsKey = new ListingsKey(row.AdvertiserId, "", ""), // the stored pages answer by stage and page
        };
        var context = new FetchContext("explain", "explain", row.AdvertiserId, NullRawRecorder.Instance);
        state = await ActiveStage.RunAsync(state, plan, recorder, context, cancellationToken).ConfigureAwait(false);
        state = await SoldStage.RunAsync(state, plan, recorder, context, cancellationToken).ConfigureAwait(false);
        return new Replay(recorder.Asked, [.. recorder.Asked.Where(a => a.Result is not null)], state.StopReason);
    }

    /// <summary>Every listing of the pages served, through one tally in reading order: the grading's verdicts and totals.</summary>
    private static (List<ExplainedListing> Listings, ExplainedTotals Totals) Judge(GradingPlan plan, string advertiserId, IReadOnlyList<AskedPage> served)
    {
        var tally = new ListingTally(AgentState.Start(new AgentWorkItem(advertiserId, null)));
        var listings = new List<ExplainedListing>();
        foreach (var page in served)
        {
            foreach (var listing in page.Result!.Listings)
            {
                var verdict = page.Stage == ActiveStage.Name ? tally.Active(listing) : tally.Sold(listing, plan);
                listings.Add(new ExplainedListing(
                    page.Stage, page.Page, listing.ListingId, listing.Status,
                    [.. listing.Advertisers.Where(a => string.Equals(a.FulfillmentId, advertiserId, StringComparison.Ordinal)).Select(a => a.Type.Length > 0 ? a.Type : "(none)")],
                    verdict.ListingShare, verdict.BuyerShare, listing.ListPrice, listing.SoldPrice, verdict.Price, verdict.Undisclosed,
                    listing.SoldDate, listing.ListDate, listing.PreviousSaleDate, listing.PostalCode,
                    verdict.Code, verdict.Counted, verdict.Volume, verdict.Sides, VerdictReasons.Describe(verdict, listing, plan, page.Stage)));
            }
        }

        return (listings, new ExplainedTotals(tally.SoldVolume, tally.SoldSides, tally.ActiveVolume, tally.ActiveCount, tally.UndisclosedSales, tally.UnknownSides, served.Count));
    }

    private static List<TierCheck> TierChecks(GradingPlan plan, GradedRow row)
    {
        var volume = row.SoldVolume + (plan.IncludeActive ? row.ActiveVolume : 0m);
        return [.. plan.Tiers.Select((t, i) => new TierCheck(
            t.Name, t.MinVolume, t.MinSides, i >= plan.TopIndex,
            t.MinVolume is not null && GradingPlan.Meets(t with { MinSides = null }, volume, row.SoldSides),
            t.MinSides is not null && GradingPlan.Meets(t with { MinVolume = null }, volume, row.SoldSides)))];
    }

    private static string Summary(GradingPlan plan, GradedRow row, IReadOnlyList<TierCheck> tiers)
    {
        var volume = row.SoldVolume + (plan.IncludeActive ? row.ActiveVolume : 0m);
        var figures = $"{VerdictReasons.Money(volume)} {(plan.IncludeActive ? "volume (sold + active)" : "closed volume")} and {row.SoldSides.ToString("0.##", CultureInfo.InvariantCulture)} sides";
        var met = tiers.FirstOrDefault(t => t.Evaluated && t.Tier == row.Tier);
        string text;
        if (met is not null)
        {
            var by = met.MetByVolume && met.MetBySides ? "both its minimums"
                : met.MetByVolume ? $"its minimum volume of {VerdictReasons.Money(met.MinVolume!.Value)}"
                : $"its minimum of {met.MinSides!.Value.ToString("0.##", CultureInfo.InvariantCulture)} sides";
            text = $"Tier {row.Tier}: {figures} meet {by}.";
            if (plan.TopIndex > 0 && tiers.Take(plan.TopIndex).Any(t => t.Met) && row.Tier == plan.Tiers[plan.TopIndex].Name)
            {
                text += $" (They would meet a higher tier too, but {row.Tier} is the highest tier selected, so the agent is reported as {row.Tier}.)";
            }
        }
        else
        {
            var low = plan.Tiers[plan.LowIndex];
            text = $"{row.Tier}: {figures} meet no selected tier (the lowest, {low.Name}, needs {Criteria(low)}).";
        }

        return row.Complete ? text : text + $" Incomplete ({row.StopReason}): the figures are what could be read.";
    }

    private static string Criteria(TierDefinition tier) => string.Join(" or ", new[]
    {
        tier.MinVolume is { } v ? VerdictReasons.Money(v) : null,
        tier.MinSides is { } s ? s.ToString("0.##", CultureInfo.InvariantCulture) + " sides" : null,
    }.Where(p => p is not null));

    private static string NoListingsNote(GradedRow row) => row.StopReason switch
    {
        StopReasons.ProfileBound => "No listing was read: the profile's recent sales prove the lowest selected tier out of reach (profile_bound).",
        StopReasons.NoMlsId => "No listing was read: the agent has no MLS entry, so listings cannot be asked for (no_mls_id, incomplete).",
        _ => $"No listing page was read ({row.StopReason}).",
    };

    private static IEnumerable<string> StopNote(string stopReason, bool complete)
    {
        switch (stopReason)
        {
            case StopReasons.TierSettled:
                yield return "Reading stopped once the highest selected tier was met (tier_settled): the figures are lower bounds that meet it.";
                break;
            case StopReasons.WindowEnd:
                yield return "Reading stopped when a sold page reached past the window's start (window_end): the figures are exact for the window.";
                break;
            case StopReasons.EndOfData:
                yield return "Every page was read (end_of_data): the figures are exact for the window.";
                break;
            case StopReasons.DepthCap:
                yield return "Reading stopped at the page limit with more to read (depth_cap): the agent is incomplete.";
                break;
            default:
                if (!complete && stopReason is not (StopReasons.ProfileBound or StopReasons.NoMlsId))
                {
                    yield return $"A page could not be read ({stopReason}): the agent is incomplete, graded on what was read.";
                }

                break;
        }
    }

    private static string Mismatch(ExplainedTotals totals, GradedRow row)
    {
        var parts = new List<string>();
        void Check(string name, decimal explained, decimal graded)
        {
            if (explained != graded)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {explained} read back vs {graded} graded"));
            }
        }

        Check("sold volume", totals.SoldVolume, row.SoldVolume);
        Check("sold sides", totals.SoldSides, row.SoldSides);
        Check("active volume", totals.ActiveVolume, row.ActiveVolume);
        Check("active count", totals.ActiveCount, row.ActiveCount);
        Check("undisclosed sales", totals.UndisclosedSales, row.UndisclosedSales);
        Check("unknown sides", totals.UnknownSides, row.UnknownSides);
        Check("pages", totals.PagesRead, row.PagesFetched);
        return string.Join("; ", parts) + ".";
    }

    private sealed record Replay(IReadOnlyList<AskedPage> Asked, IReadOnlyList<AskedPage> Served, string? StopReason);

    private sealed record AskedPage(string Stage, int Page, ListingPage? Result, string? Failure);

    /// <summary>Passes listing pages through, noting each page asked for and its answer (or failure reason).</summary>
    private sealed class RecordingSource(IListingSource inner) : IListingSource
    {
        public List<AskedPage> Asked { get; } = [];

        public Task<AgentPage> GetAgentPageAsync(string postalCode, int offset, FetchContext context, CancellationToken cancellationToken) =>
            throw new NotSupportedException("An explanation reads no discovery page.");

        public Task<AgentProfile> GetProfileAsync(RosterEntry agent, FetchContext context, CancellationToken cancellationToken) =>
            throw new NotSupportedException("An explanation reads no profile.");

        public async Task<ListingPage> GetListingPageAsync(ListingsKey agent, ListingKind kind, int page, int distinctBefore, FetchContext context, CancellationToken cancellationToken)
        {
            var stage = kind == ListingKind.ForSale ? ActiveStage.Name : SoldStage.Name;
            try
            {
                var result = await inner.GetListingPageAsync(agent, kind, page, distinctBefore, context, cancellationToken).ConfigureAwait(false);
                Asked.Add(new AskedPage(stage, page, result, null));
                return result;
            }
            catch (ListingApiException ex)
            {
                Asked.Add(new AskedPage(stage, page, null, ex.Reason));
                throw;
            }
        }
    }
}

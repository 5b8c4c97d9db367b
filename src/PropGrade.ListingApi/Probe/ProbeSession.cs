using System.Globalization;
using System.Text.Json;
using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.Core.Secrets;
using PropGrade.ListingApi.Provider;
using PropGrade.ListingApi.Secrets;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// One run of the probe: discovery (two pages: fields, page size, <c>offset</c> paging), one <c>get-profile</c>, the
/// first forSold and forSale page of N agents, one call to each v2 endpoint, and the optional bound audit. Never sends
/// more than the budget's requests: every planned call is counted by kind and transient re-sends come from a fixed pool.
/// </summary>
internal sealed class ProbeSession(
    ProbeOptions options,
    ProbeBudget budget,
    ListingApiClient client,
    IApiKeyProvider keys,
    TimeProvider time,
    Action<ProbeCall>? onCall)
{
    private const string RunId = "probe";
    private static readonly string[] RateHeaders =
    [
        "x-ratelimit-requests-limit", "x-ratelimit-requests-remaining", "x-ratelimit-requests-reset",
        "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset",
    ];

    private readonly ResponseInspector _inspector = new();
    private readonly ListingsTally _listings = new();
    private readonly List<ProbeCall> _calls = [];
    private readonly List<string> _callFailures = [];
    private readonly List<string> _ruleFailures = [];
    private readonly List<string> _warnings = [];
    private readonly List<string> _notes = [];
    private KeyScrubber _scrubber = KeyScrubber.None;
    private ProbeSampleWriter _writer = new(null, 2);
    private int _sent;
    private int _retriesLeft = budget.Retries;
    private int _auditPagesLeft = budget.AuditPages;
    private string? _stopped;
    private IReadOnlyDictionary<string, string>? _lastRateHeaders;
    private long? _firstQuotaLeft;
    private int _answered;
    private int _withQuota;

    public async Task<ProbeReport> ExecuteAsync(CancellationToken ct)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        _scrubber = new KeyScrubber(await TryReadKeyAsync(ct));
        _writer = new ProbeSampleWriter(options.SampleDirectory, Math.Max(2, budget.Requests.ToString(CultureInfo.InvariantCulture).Length));

        var (discovery, agents) = await DiscoverAsync(ct);
        var pageable = agents.Where(a => a.PrimaryListingsKey() is not null).ToList();
        var probed = pageable.Take(options.Agents).ToList();
        if (_stopped is null && agents.Count > 0 && pageable.Count == 0)
        {
            _ruleFailures.Add($"agents/list: none of the {agents.Count} agents read has a usable mls entry (abbreviation and member.id): get-listings cannot be called for any (no_mls_id)");
        }

        var profile = await ProfileAsync(probed.Concat(agents), ct);
        var firstSoldPages = new Dictionary<string, ListingPage>(StringComparer.Ordinal);
        foreach (var agent in probed)
        {
            if (await ListingPageAsync(agent, ListingKind.ForSold, 1, 0, "sold", ct) is { Page: { } sold })
            {
                firstSoldPages[agent.AdvertiserId] = sold;
            }

            await ListingPageAsync(agent, ListingKind.ForSale, 1, 0, "active", ct);
        }

        var v2 = await V2Async(agents, ct);
        var audit = options.AuditBound > 0 ? await AuditAsync(pageable.Take(options.AuditBound).ToList(), firstSoldPages, ct) : null;

        var listings = _listings.ToReport(_inspector.NotSoldListings, _inspector.PreviousSaleOnNotSold);
        Conclude(listings);
        // The most specific first: a field by path, then a call that gave nothing usable, then a rule.
        var failures = _inspector.Fields.All.Select(f => f.Failure()).OfType<string>()
            .Concat(_callFailures)
            .Concat(_ruleFailures)
            .Distinct(StringComparer.Ordinal)
            .Select(_scrubber.Scrub)
            .ToList();
        var warnings = _inspector.Fields.All.Select(f => f.Warning()).OfType<string>().Concat(_warnings).Distinct(StringComparer.Ordinal).Select(_scrubber.Scrub).ToList();
        var notes = _inspector.Fields.All.Select(f => f.Note()).OfType<string>().Concat(_notes).Distinct(StringComparer.Ordinal).Select(_scrubber.Scrub).ToList();
        var report = new ProbeReport(
            options.Target ?? options.BaseAddress.GetLeftPart(UriPartial.Authority),
            options.BaseAddress.AbsoluteUri,
            options.Market,
            options.Today,
            startedAt,
            time.GetElapsedTime(started).TotalMilliseconds,
            budget,
            _sent,
            _sent > 0 ? _writer.Directory : null,
            _calls,
            [.. _inspector.Fields.All.Select(f => f.ToCheck()).Select(Scrub)],
            discovery,
            profile,
            listings,
            RateLimits(),
            v2,
            audit,
            failures,
            warnings,
            notes);
        if (_sent > 0)
        {
            await _writer.WriteReportAsync(report.ToJson(), _scrubber, ct);
        }

        return report;
    }

    /// <summary>A field check as reported: its paths and hint (names read from a body) free of the key too.</summary>
    private FieldCheck Scrub(FieldCheck check) => check with
    {
        FirstProblemAt = check.FirstProblemAt is null ? null : _scrubber.Scrub(check.FirstProblemAt),
        Hint = check.Hint is null ? null : _scrubber.Scrub(check.Hint),
    };

    private async Task<string?> TryReadKeyAsync(CancellationToken ct)
    {
        try
        {
            return await keys.GetApiKeyAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The first call fails with auth_no_key and says why; with no key there is nothing to remove.
            return null;
        }
    }

    // ---- discovery -------------------------------------------------------------------------------------------------

    private async Task<(DiscoveryReport Report, List<AgentProfile> Agents)> DiscoverAsync(CancellationToken ct)
    {
        var market = options.Market;
        var limit = ListingApiUrls.MaxDiscoveryLimit;
        var agents = new List<AgentProfile>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var calls = 1;
        var first = await CallAsync("discover", null, "offset-0", ctx => client.GetAgentPageAsync(market, 0, ctx, ct), ct);
        Inspect(first, _inspector.InspectAgentList);
        if (first.Value is not { } page)
        {
            Failed("agents/list offset 0", first, body => RealtyInUsMapper.MapAgentPage(body, 0, limit));
            return (new DiscoveryReport(market, null, 0, 0, 0, null, "failed", "the first page could not be read"), agents);
        }

        var pagesRead = 1;
        Add(page.Agents);
        if (page.MatchingRows == 0 || page.Agents.Count == 0)
        {
            _ruleFailures.Add($"agents/list: the market {market} has no agents (matching_rows {page.MatchingRows}): nothing to probe; give another --market");
        }

        string offsetVerdict;
        string offsetDetail;
        if (page.MatchingRows <= limit)
        {
            offsetVerdict = "not checked";
            offsetDetail = string.Create(CultureInfo.InvariantCulture,
                $"the market has {page.MatchingRows} agents (<= {limit}): one page holds them all, so offset paging was not checked (probe a larger --market to check it)");
        }
        else
        {
            calls++;
            (offsetVerdict, offsetDetail) = await CheckOffsetAsync(market, page, ids, agents, ct);
            pagesRead += offsetVerdict == "works" ? 1 : 0;
        }

        var needed = Math.Max(options.Agents, options.AuditBound);
        for (var offset = 2 * limit;
             _stopped is null && offsetVerdict == "works" && calls < budget.DiscoveryPages && offset < page.MatchingRows
             && agents.Count(a => a.PrimaryListingsKey() is not null) < needed;
             offset += limit)
        {
            calls++;
            var at = offset;
            var more = await CallAsync("discover", null, $"offset-{at}", ctx => client.GetAgentPageAsync(market, at, ctx, ct), ct);
            Inspect(more, _inspector.InspectAgentList);
            if (more.Value is not { } next)
            {
                Failed($"agents/list offset {at}", more, body => RealtyInUsMapper.MapAgentPage(body, at, limit));
                break;
            }

            pagesRead++;
            Add(next.Agents);
        }

        var withoutMls = agents.Count(a => a.PrimaryListingsKey() is null);
        if (withoutMls > 0)
        {
            _notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"agents/list: {withoutMls} of {agents.Count} agents have no usable mls entry; a run grades them incomplete (no_mls_id) unless the profile bound skips them"));
        }

        return (new DiscoveryReport(market, page.MatchingRows, pagesRead, agents.Count, withoutMls, page.Agents.Count, offsetVerdict, offsetDetail), agents);

        void Add(IEnumerable<AgentProfile> found)
        {
            foreach (var agent in found)
            {
                if (ids.Add(agent.AdvertiserId))
                {
                    agents.Add(agent);
                }
            }
        }
    }

    /// <summary>The second page (offset 20): other agents, as many as <c>matching_rows</c> leaves, or a cap, or the same page again.</summary>
    private async Task<(string Verdict, string Detail)> CheckOffsetAsync(string market, AgentPage first, HashSet<string> ids, List<AgentProfile> agents, CancellationToken ct)
    {
        var limit = ListingApiUrls.MaxDiscoveryLimit;
        var second = await CallAsync("discover", null, $"offset-{limit}", ctx => client.GetAgentPageAsync(market, limit, ctx, ct), ct);
        Inspect(second, _inspector.InspectAgentList);
        var inv = CultureInfo.InvariantCulture;
        if (second.Value is { } page)
        {
            var expected = Math.Min(limit, first.MatchingRows - limit);
            var repeated = page.Agents.Count(a => ids.Contains(a.AdvertiserId));
            foreach (var agent in page.Agents.Where(a => ids.Add(a.AdvertiserId)))
            {
                agents.Add(agent);
            }

            if (page.Agents.Count > 0 && repeated == page.Agents.Count)
            {
                var text = string.Create(inv, $"offset {limit} returned the same {repeated} agents as offset 0: the API ignores offset, so discovery cannot read past the first {limit} agents of a market");
                _ruleFailures.Add("agents/list: " + text);
                return ("ignored", text);
            }

            if (repeated > 0)
            {
                _warnings.Add(string.Create(inv, $"agents/list: offset {limit} repeated {repeated} agents of offset 0 (the order shifted between calls?); discovery dedupes them"));
            }

            if (page.Agents.Count < expected)
            {
                _warnings.Add(string.Create(inv, $"agents/list: offset {limit} held {page.Agents.Count} agents, {expected} expected from matching_rows {first.MatchingRows}"));
            }

            return ("works", string.Create(inv, $"offset {limit} returned {page.Agents.Count - repeated} other agents ({expected} expected from matching_rows {first.MatchingRows})"));
        }

        if (second.Error is BadRequestApiException || second.Error is TransientApiException { Reason: "empty_page" })
        {
            var said = second.Error is BadRequestApiException ? Said(second.Exchange) : "an empty page";
            var text = string.Create(inv,
                $"offset {limit} answered {said} although matching_rows is {first.MatchingRows}: the provider caps offset, so runs report markets of more than {limit} agents as truncated (the agents past the cap are not graded)");
            _warnings.Add("agents/list: " + text);
            return ("capped", text);
        }

        Failed($"agents/list offset {limit}", second, body => RealtyInUsMapper.MapAgentPage(body, limit, limit));
        return ("failed", "the second page could not be read");
    }

    // ---- profile ---------------------------------------------------------------------------------------------------

    private async Task<ProfileCheck> ProfileAsync(IEnumerable<AgentProfile> candidates, CancellationToken ct)
    {
        var agent = candidates.FirstOrDefault(a => a.Contact.NrdsId is not null);
        if (_stopped is not null)
        {
            return new ProfileCheck(agent?.AdvertiserId ?? string.Empty, agent?.Contact.NrdsId, "not checked", ["the probe stopped before it"]);
        }

        if (agent is null)
        {
            _warnings.Add("get-profile: no agent read has an nrds_id, so get-profile (roster runs) was not checked");
            return new ProfileCheck(string.Empty, null, "not checked", ["no agent read has an nrds_id"]);
        }

        var roster = new RosterEntry(agent.AdvertiserId, agent.Contact.NrdsId);
        var outcome = await CallAsync("profile", agent.AdvertiserId, agent.AdvertiserId, ctx => client.GetProfileAsync(roster, ctx, ct), ct);
        Inspect(outcome, _inspector.InspectProfile);
        if (outcome.Value is not { } profile)
        {
            Failed($"get-profile of agent {agent.AdvertiserId} (roster runs need it)", outcome, body => RealtyInUsMapper.MapProfile(body));
            return new ProfileCheck(agent.AdvertiserId, agent.Contact.NrdsId, "failed", [outcome.Error?.Reason ?? "failed"]);
        }

        var differences = new List<string>();
        Compare("advertiser_id", agent.AdvertiserId, profile.AdvertiserId);
        Compare("recently_sold.count", agent.RecentlySold.Count, profile.RecentlySold.Count);
        Compare("recently_sold.max", agent.RecentlySold.Max, profile.RecentlySold.Max);
        Compare("for_sale_price.count", agent.ForSale.Count, profile.ForSale.Count);
        Compare("for_sale_price.max", agent.ForSale.Max, profile.ForSale.Max);
        Compare("primary mls", agent.PrimaryListingsKey(), profile.PrimaryListingsKey());
        if (differences.Count > 0)
        {
            _warnings.Add($"get-profile of agent {agent.AdvertiserId} differs from its /agents/list entry: {string.Join("; ", differences)} (a roster agent's profile bound uses get-profile's figures)");
        }

        return new ProfileCheck(agent.AdvertiserId, agent.Contact.NrdsId, differences.Count == 0 ? "matches the list entry" : "differs from the list entry", differences);

        void Compare<T>(string name, T listed, T profiled)
        {
            if (!EqualityComparer<T>.Default.Equals(listed, profiled))
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: list {listed?.ToString() ?? "null"}, profile {profiled?.ToString() ?? "null"}"));
            }
        }
    }

    // ---- listings --------------------------------------------------------------------------------------------------

    private async Task<(ListingPage? Page, string? Reason)> ListingPageAsync(AgentProfile agent, ListingKind kind, int page, int distinctBefore, string stage, CancellationToken ct)
    {
        if (_stopped is not null)
        {
            return (null, "stopped");
        }

        var key = agent.PrimaryListingsKey()!;
        var type = ListingApiUrls.TypeValue(kind);
        var what = string.Create(CultureInfo.InvariantCulture, $"get-listings {type} page {page} of agent {agent.AdvertiserId}");
        var outcome = await CallAsync(
            stage,
            agent.AdvertiserId,
            string.Create(CultureInfo.InvariantCulture, $"{type}-{agent.AdvertiserId}-p{page}"),
            ctx => client.GetListingPageAsync(key, kind, page, distinctBefore, ctx, ct),
            ct);
        Inspect(outcome, root => _inspector.InspectListings(root, kind));
        if (outcome.Value is not { } mapped)
        {
            Failed(what, outcome, body => RealtyInUsMapper.MapListingPage(body, kind, page));
            return (null, outcome.Error?.Reason ?? "failed");
        }

        _listings.Add(agent.AdvertiserId, kind, mapped);
        if (mapped.Listings.Count > 0)
        {
            var on = mapped.Listings.Count(l => l.Advertisers.Any(a => a.FulfillmentId == agent.AdvertiserId));
            var inv = CultureInfo.InvariantCulture;
            if (on == 0)
            {
                _ruleFailures.Add(string.Create(inv,
                    $"{what}: the agent's advertiser_id {agent.AdvertiserId} is in no data.{type}.results[].advertisers[].fulfillment_id of its {mapped.Listings.Count} results: the grader would credit it nothing (does fulfillment_id hold another id?)"));
            }
            else if (on < mapped.Listings.Count)
            {
                _warnings.Add(string.Create(inv,
                    $"{what}: the agent is an advertiser on {on} of {mapped.Listings.Count} results (the others count nothing for it)"));
            }
        }

        if (kind == ListingKind.ForSold && mapped.Listings.Count(l => !l.IsSold) is > 0 and var notSold)
        {
            _notes.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {notSold} results are not status sold (a forSold page; they count nothing as sold)"));
        }

        return (mapped, null);
    }

    // ---- v2 --------------------------------------------------------------------------------------------------------

    private async Task<IReadOnlyList<V2EndpointReport>> V2Async(IReadOnlyList<AgentProfile> agents, CancellationToken ct)
    {
        if (_stopped is not null)
        {
            return [];
        }

        var reports = new List<V2EndpointReport>(3);
        var list = await V2CallAsync(
            "/agents/v2/list",
            $"/agents/v2/list?postal_code={E(options.Market)}&offset=0&limit={ListingApiUrls.MaxDiscoveryLimit}&sort=MOST_SALES",
            body => DescribeV2List(body),
            ct);
        reports.Add(list.Report);
        var (profileId, fulfillmentId) = list.Body is { } b ? FindV2Agent(b) : (null, null);
        fulfillmentId ??= agents.FirstOrDefault()?.AdvertiserId ?? string.Empty;
        if (_stopped is null)
        {
            var profile = await V2CallAsync(
                "/agents/v2/get-profile",
                $"/agents/v2/get-profile?profile_id={E(profileId ?? string.Empty)}&fulfillment_id={E(fulfillmentId)}",
                body => "answers with " + TopLevel(body),
                ct);
            reports.Add(profile.Report);
        }

        if (_stopped is null)
        {
            var listings = await V2CallAsync(
                "/agents/v2/get-listings",
                $"/agents/v2/get-listings?fulfillment_id={E(fulfillmentId)}",
                DescribeV2Listings,
                ct);
            reports.Add(listings.Report);
        }

        foreach (var r in reports.Where(r => r.Verdict != "available"))
        {
            _notes.Add($"v2: {r.Endpoint} {r.Verdict} for this key ({r.Detail})");
        }

        return reports;
    }

    private async Task<(V2EndpointReport Report, JsonElement? Body)> V2CallAsync(string endpoint, string url, Func<JsonElement, string> describe, CancellationToken ct)
    {
        var outcome = await CallAsync("v2", null, null, ctx => client.GetRawAsync(url, ctx, ct), ct, url);
        var status = outcome.Exchange?.Status;
        var (verdict, detail) = outcome.Error switch
        {
            null when outcome.Body is { } body => ("available", describe(body)),
            null => ("available", "answers (not JSON)"),
            EndpointMissingException => ("not available", Said(outcome.Exchange)),
            ApiAuthException { Reason: "auth_not_subscribed" } => ("not subscribed", Said(outcome.Exchange)),
            TransientApiException or RateLimitedException => ("unknown", $"could not tell: {outcome.Error.Reason}"),
            _ when status is not null => (string.Create(CultureInfo.InvariantCulture, $"answered {status}"), $"the endpoint exists; {Said(outcome.Exchange)}"),
            _ => ("unknown", outcome.Error.Reason),
        };
        return (new V2EndpointReport(endpoint, url, status, verdict, _scrubber.Scrub(detail)), outcome.Body);
    }

    private static string DescribeV2List(JsonElement body)
    {
        var path = FindArrayOf(body, "fulfillment_id", string.Empty, depth: 0);
        if (path is null)
        {
            return "answers with " + TopLevel(body) + " (no agent array with fulfillment_id found)";
        }

        var array = Navigate(body, path);
        return string.Create(CultureInfo.InvariantCulture, $"answers: {array.GetArrayLength()} agents in {path}");
    }

    private static string DescribeV2Listings(JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("home_search", out var search) && search.ValueKind == JsonValueKind.Object
            && search.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            var statuses = results.EnumerateArray()
                .Select(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "(none)")
                .GroupBy(s => s, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}"))
                .ToList();
            var total = search.TryGetProperty("total", out var t) ? t.ToString() : "?";
            var sold = statuses.Any(s => s.StartsWith("sold ", StringComparison.Ordinal));
            return string.Create(CultureInfo.InvariantCulture,
                $"answers: data.home_search with total {total}, {results.GetArrayLength()} results (statuses: {(statuses.Count == 0 ? "none" : string.Join(", ", statuses))}){(sold ? string.Empty : "; no sold listing, so v2 cannot replace forSold for this agent yet")}");
        }

        return "answers with " + TopLevel(body) + " (no data.home_search.results)";
    }

    /// <summary>The first object (breadth-first) holding both <c>id</c> and <c>fulfillment_id</c>: a v2 agent.</summary>
    private static (string? ProfileId, string? FulfillmentId) FindV2Agent(JsonElement body)
    {
        var queue = new Queue<(JsonElement Element, int Depth)>();
        queue.Enqueue((body, 0));
        while (queue.Count > 0)
        {
            var (element, depth) = queue.Dequeue();
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("id", out var id) && element.TryGetProperty("fulfillment_id", out var fid)
                    && id.ValueKind is JsonValueKind.String or JsonValueKind.Number && fid.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    return (id.ToString(), fid.ToString());
                }

                if (depth < 6)
                {
                    foreach (var p in element.EnumerateObject())
                    {
                        queue.Enqueue((p.Value, depth + 1));
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array && depth < 6)
            {
                foreach (var item in element.EnumerateArray())
                {
                    queue.Enqueue((item, depth + 1));
                }
            }
        }

        return (null, null);
    }

    private static string? FindArrayOf(JsonElement element, string field, string path, int depth)
    {
        if (depth > 5)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(field, out _)) ? (path.Length == 0 ? "the body" : path) : null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in element.EnumerateObject())
        {
            if (FindArrayOf(p.Value, field, path.Length == 0 ? p.Name : path + "." + p.Name, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static JsonElement Navigate(JsonElement body, string path)
    {
        if (path == "the body")
        {
            return body;
        }

        foreach (var part in path.Split('.'))
        {
            body = body.GetProperty(part);
        }

        return body;
    }

    private static string TopLevel(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
            ? "{" + string.Join(", ", body.EnumerateObject().Take(8).Select(p => p.Name)) + (body.EnumerateObject().Count() > 8 ? ", ..." : string.Empty) + "}"
            : body.ValueKind.ToString().ToLowerInvariant();

    // ---- audit -----------------------------------------------------------------------------------------------------

    private async Task<AuditReport> AuditAsync(IReadOnlyList<AgentProfile> agents, Dictionary<string, ListingPage> firstPages, CancellationToken ct)
    {
        var audits = new List<AgentAudit>(agents.Count);
        var pagesRead = 0;
        foreach (var agent in agents)
        {
            if (_stopped is not null)
            {
                break;
            }

            var pages = new List<ListingPage>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var stop = "end_of_data";
            for (var page = 1; page <= options.MaxPages; page++)
            {
                ListingPage? read;
                if (page == 1 && firstPages.TryGetValue(agent.AdvertiserId, out var first))
                {
                    read = first;
                }
                else
                {
                    if (_auditPagesLeft == 0)
                    {
                        stop = "budget";
                        break;
                    }

                    _auditPagesLeft--;
                    var (p, reason) = await ListingPageAsync(agent, ListingKind.ForSold, page, ids.Count, "audit", ct);
                    if (p is null)
                    {
                        stop = reason ?? "failed";
                        break;
                    }

                    read = p;
                }

                pages.Add(read);
                ids.UnionWith(read.Listings.Select(l => l.ListingId));
                if (read.IsLast(ids.Count))
                {
                    stop = "end_of_data";
                    break;
                }

                if (page == options.MaxPages)
                {
                    stop = "depth_cap";
                }
            }

            pagesRead += pages.Count;
            var audit = BoundAuditor.Audit(agent, pages, options.Today, stop);
            audits.Add(audit);
            if (!audit.BoundHeld)
            {
                _ruleFailures.Add($"profile bound broken for agent {agent.AdvertiserId} ({agent.Name}): {audit.Detail}. The profile-bound skip would grade such agents Unranked without reading them");
            }
        }

        var windowStart = options.Today.AddMonths(-12);
        var inv = CultureInfo.InvariantCulture;
        var countDiffers = audits.Where(a => a.CoversWindow && a.WindowListings != a.RecentlySoldCount).ToList();
        if (countDiffers.Count > 0)
        {
            _warnings.Add(string.Create(inv,
                $"audit: recently_sold.count is not the number of sold listings in the 12-month window for {countDiffers.Count} of {audits.Count} agents (first: {countDiffers[0].AdvertiserId}, {countDiffers[0].WindowListings} listings, count {countDiffers[0].RecentlySoldCount}); the contract assumes it is"));
        }

        var aboveMax = audits.Where(a => a.HighestPrice is { } h && a.RecentlySoldMax is { } m && h > m).ToList();
        if (aboveMax.Count > 0)
        {
            _warnings.Add(string.Create(inv,
                $"audit: a price in the window is above recently_sold.max for {aboveMax.Count} of {audits.Count} agents (first: {aboveMax[0].AdvertiserId}, {aboveMax[0].HighestPrice:N0} > {aboveMax[0].RecentlySoldMax:N0}); the profile bound's volume figure assumes max is the highest price"));
        }

        var boundHeld = audits.Count(a => a.BoundHeld);
        var orderHeld = audits.Count(a => a.OrderHeld);
        var covered = audits.Count(a => a.CoversWindow);
        var summary = string.Create(inv,
            $"{audits.Count} of {options.AuditBound} agents audited over {pagesRead} forSold pages (window {windowStart:yyyy-MM-dd}..{options.Today:yyyy-MM-dd}): profile bound held for {boundHeld}, newest-first order held for {orderHeld}, window read to its start for {covered}");
        if (audits.Count < options.AuditBound)
        {
            _warnings.Add(string.Create(inv, $"audit: only {audits.Count} of the {options.AuditBound} agents asked for could be audited (agents with an MLS entry on the pages read)"));
        }

        return new AuditReport(windowStart, options.Today, options.AuditBound, audits, boundHeld, orderHeld, pagesRead, summary);
    }

    // ---- conclusions -----------------------------------------------------------------------------------------------

    private void Conclude(ListingsReport listings)
    {
        var inv = CultureInfo.InvariantCulture;
        if (listings.SoldOrder == "broken")
        {
            _ruleFailures.Add(
                $"forSold order: pages are not newest sold_date first ({listings.SoldOrderDetail}). The window_end stop relies on it: a run stays correct (an out-of-order page turns window_end off for that agent and is warned) but reads every sold page");
        }

        if (listings.SaleOrder == "broken")
        {
            _notes.Add($"forSale order by list_date is not newest first ({listings.SaleOrderDetail}); the grader does not rely on it");
        }

        if (listings.UnknownAdvertiserTypes.Count > 0)
        {
            _warnings.Add(string.Create(inv,
                $"get-listings: advertiser types of no side seen: {string.Join(", ", listings.UnknownAdvertiserTypes.Select(t => $"{t} ({listings.AdvertiserTypes[t]})"))}; a run counts them as unknown_sides and warns unknown_advertiser_type"));
        }

        if (listings.SoldListings >= 5 && !listings.AdvertiserTypes.Keys.Any(t => t is "buyer" or "co_buyer"))
        {
            _warnings.Add(string.Create(inv,
                $"get-listings: no buyer or co_buyer advertiser on the {listings.SoldListings} sold listings read: buyer sides would count 0 (the contract assumes these types)"));
        }

        var soldPriceMissing = _inspector.Fields.All.Any(f => f.Path.EndsWith(".description.sold_price", StringComparison.Ordinal) && f.Required && f.Failure() is not null);
        if (listings.SoldListings >= 5 && listings.UndisclosedSoldPrices == listings.SoldListings && !soldPriceMissing)
        {
            _warnings.Add(string.Create(inv,
                $"get-listings: all {listings.SoldListings} sold prices read are null (undisclosed): expected in non-disclosure states only; with undisclosedPrice=listPrice every sold volume is an estimate"));
        }

        if (_answered > 0 && _withQuota == 0)
        {
            _warnings.Add("no answer carried x-ratelimit-requests-remaining: the quota left cannot be told");
        }

        if (_stopped is not null)
        {
            _warnings.Add("the probe stopped early: " + _stopped);
        }
    }

    private RateLimitReport RateLimits()
    {
        var h = _lastRateHeaders ?? new Dictionary<string, string>();
        string? Get(string name) => h.FirstOrDefault(kv => kv.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
        var limit = Get("x-ratelimit-requests-limit");
        var remaining = Get("x-ratelimit-requests-remaining");
        var reset = Get("x-ratelimit-requests-reset");
        var rateLimit = Get("x-ratelimit-limit");
        var rateRemaining = Get("x-ratelimit-remaining");
        var rateReset = Get("x-ratelimit-reset");
        long? left = long.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null;
        var inv = CultureInfo.InvariantCulture;
        var quota = remaining is null
            ? "quota: not sent"
            : string.Create(inv, $"quota: {remaining} of {limit ?? "?"} requests left{(reset is null ? string.Empty : ", renews in " + Duration(reset))}{(_firstQuotaLeft is { } f && left is { } now ? $" (the probe used {f - now + 1} by the provider's count)" : string.Empty)}");
        var rate = rateLimit is null && rateRemaining is null
            ? "rate limit: no x-ratelimit-limit/-remaining/-reset headers (the API sets no window limit, or does not say)"
            : $"rate limit: {rateLimit ?? "?"} per window, {rateRemaining ?? "?"} left, reset {rateReset ?? "?"}";
        return new RateLimitReport(limit, remaining, reset, rateLimit, rateRemaining, rateReset, left, _firstQuotaLeft, _withQuota, _answered, $"{quota}; {rate}");
    }

    private static string Duration(string seconds)
    {
        if (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || s < 0)
        {
            return seconds;
        }

        var span = TimeSpan.FromSeconds(s);
        return span.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Hours} h {span.Minutes} min {span.Seconds} s");
    }

    // ---- one call --------------------------------------------------------------------------------------------------

    private sealed record Outcome<T>(T? Value, ListingApiException? Error, RawExchange? Exchange, JsonElement? Body)
        where T : class;

    /// <summary>
    /// One planned call: sends it through the client (no client retries), keeps the response as a sample, and re-sends
    /// a transient failure while the retry pool lasts. A well-formed JSON body of the wrong shape is a finding, never re-sent.
    /// </summary>
    private async Task<Outcome<T>> CallAsync<T>(string stage, string? agentId, string? detail, Func<FetchContext, Task<T>> send, CancellationToken ct, string? urlForSlug = null)
        where T : class
    {
        while (true)
        {
            if (_sent >= budget.Requests)
            {
                throw new InvalidOperationException("The probe's budget is spent; this is a bug in the probe's plan.");
            }

            var recorder = new ProbeRecorder();
            var context = new FetchContext(RunId, stage, agentId, recorder);
            T? value = null;
            ListingApiException? error = null;
            try
            {
                value = await send(context);
            }
            catch (ListingApiException ex)
            {
                error = ex;
            }

            var exchange = recorder.Sent;
            JsonElement? body = null;
            if (exchange is not null)
            {
                await KeepAsync(stage, detail, urlForSlug, exchange, ct);
                body = TryParse(exchange.Body);
            }

            var transient = error switch
            {
                RateLimitedException => true,
                TransientApiException { Reason: "malformed_body" } when body is not null && exchange?.Status is >= 200 and < 300 => false,
                TransientApiException => true,
                _ => false,
            };
            if (transient && _retriesLeft > 0)
            {
                _retriesLeft--;
                continue;
            }

            // A missing endpoint is a finding (the probe goes on to the v2 checks); so is a v2 endpoint the key is not
            // subscribed to. A bad key or a spent quota ends the probe.
            if (error is { StopsRun: true } and not EndpointMissingException && !(stage == "v2" && error.Reason == "auth_not_subscribed"))
            {
                _stopped = $"{error.Reason}: {_scrubber.Scrub(error.Message)}";
            }

            return new Outcome<T>(value, error, exchange, body);
        }
    }

    private async Task KeepAsync(string stage, string? detail, string? urlForSlug, RawExchange exchange, CancellationToken ct)
    {
        var number = ++_sent;
        var url = _scrubber.Scrub(exchange.Url);
        var file = await _writer.WriteAsync(number, ProbeSampleWriter.Slug(urlForSlug ?? url, detail), exchange, _scrubber, ct);
        var headers = exchange.ResponseHeaders.ToDictionary(h => h.Key, h => _scrubber.Scrub(h.Value), StringComparer.OrdinalIgnoreCase);
        if (exchange.Status is not null)
        {
            _answered++;
            if (RateHeaders.Any(headers.ContainsKey))
            {
                _lastRateHeaders = headers;
            }

            if (headers.TryGetValue("x-ratelimit-requests-remaining", out var remaining))
            {
                _withQuota++;
                if (_firstQuotaLeft is null && long.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left))
                {
                    _firstQuotaLeft = left;
                }
            }
        }

        var call = new ProbeCall(
            number,
            stage,
            exchange.Method,
            url,
            exchange.Status,
            exchange.Classification,
            Math.Round(exchange.DurationMs, 1),
            file,
            exchange.Error is null ? null : _scrubber.Scrub(exchange.Error),
            headers);
        _calls.Add(call);
        onCall?.Invoke(call);
    }

    private static JsonElement? TryParse(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Field checks of a 2xx JSON body (error bodies are not the endpoint's shape).</summary>
    private static void Inspect<T>(Outcome<T> outcome, Action<JsonElement> inspect)
        where T : class
    {
        if (outcome.Body is { } body && outcome.Exchange?.Status is >= 200 and < 300)
        {
            inspect(body);
        }
    }

    /// <summary>Records why a call gave nothing usable: the mapper's own words for a body of another shape, else the failure.</summary>
    private void Failed<T>(string what, Outcome<T> outcome, Func<byte[], object> map)
        where T : class
    {
        var error = outcome.Error;
        if (error is null)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        var said = Said(outcome.Exchange);
        string text = error switch
        {
            TransientApiException { Reason: "malformed_body" } when outcome.Body is not null && outcome.Exchange is { } x =>
                $"{what}: the client's mapper refused the body ({MapperMessage(map, x.Body)})",
            EndpointMissingException => $"{what}: {said}: the endpoint is gone (endpoint_missing), so a run stops at once; see the v2 checks",
            ApiAuthException or QuotaExhaustedException => $"{what}: {error.Message}",
            AgentNotFoundException => $"{what}: {said}: the API does not know the agent by these ids",
            BadRequestApiException => $"{what}: {said}: the API refused the request",
            _ => string.Create(inv, $"{what}: could not be read ({error.Reason}) even after the probe's re-sends; run probe again (a run would retry and mark the agent incomplete)"),
        };
        _callFailures.Add(_scrubber.Scrub(text));
    }

    private static string MapperMessage(Func<byte[], object> map, byte[] body)
    {
        try
        {
            map(body);
            return "it maps when read again";
        }
        catch (Exception ex) when (ex is JsonException or ProviderShapeException or InvalidOperationException or FormatException)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber", StringComparison.Ordinal);
            return (cut > 0 ? message[..cut] : message).Trim().TrimEnd('|').Trim();
        }
    }

    /// <summary><c>404 "Endpoint '/agents/x' does not exist"</c>: the status and the provider's message.</summary>
    private static string Said(RawExchange? exchange)
    {
        if (exchange?.Status is not { } status)
        {
            return "no answer";
        }

        var message = RealtyInUsMapper.TryReadMessage(exchange.Body);
        return message is null
            ? status.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{status} \"{(message.Length <= 200 ? message : message[..200] + "...")}\"");
    }

    private static string E(string value) => Uri.EscapeDataString(value);
}

using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Tests.Support;

namespace PropGrade.ListingApi.Tests;

public sealed class ListingApiClientTests
{
    private const string ProfileJson = """{"agent":{"advertiser_id":1,"nrds_id":"n1","person_name":"A","mls":[{"abbreviation":"NJMLS","member":{"id":"M1"},"primary":true}]}}""";

    private static readonly RosterEntry Agent = new("1", "n1");

    private static readonly ListingsKey Listings11 = new("11", "NJMLS", "M11");

    private const string ListingsUrl = "/agents/get-listings?fulfillment_id=11&id=NJMLS&agent_id=M11";

    /// <summary>How far the fake clock moves per step while a call that waits on it runs.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task GetProfileAsync_Success_SendsKeyAndHostAndRecordsOneOkExchangeWithoutKey()
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Json(HttpStatusCode.OK, ProfileJson, r =>
        {
            r.Headers.TryAddWithoutValidation("x-ratelimit-remaining", "4");
            r.Headers.TryAddWithoutValidation("Set-Cookie", "session=abc");
            r.Headers.TryAddWithoutValidation("X-Echo", "key=" + TestClients.Key);
        }));
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        var profile = await client.GetProfileAsync(Agent, TestClients.Context(recorder), CancellationToken.None);

        Assert.Equal(new ListingsKey("1", "NJMLS", "M1"), profile.PrimaryListingsKey());
        var seen = Assert.Single(handler.Seen);
        Assert.Equal("/agents/get-profile?advertiser_id=1&nrds_id=n1", seen.PathAndQuery);
        Assert.Equal(TestClients.Key, seen.Key);
        Assert.Equal("realty-in-us.p.rapidapi.com", seen.Host);
        var record = Assert.Single(recorder.Items);
        Assert.Equal(("ok", 200, 1, "/agents/get-profile?advertiser_id=1&nrds_id=n1", "1"), (record.Classification, record.Status, record.Attempt, record.Url, record.AgentId));
        Assert.Equal(ProfileJson, Encoding.UTF8.GetString(record.Body));
        Assert.Equal("4", record.ResponseHeaders["x-ratelimit-remaining"]);
        Assert.DoesNotContain(record.ResponseHeaders, h => h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(record.ResponseHeaders, h => h.Value.Contains(TestClients.Key, StringComparison.Ordinal));
        Assert.Equal((1, 0, 0), (client.Metrics.RequestsSent, client.Metrics.Retries, client.Metrics.FailedCalls));
    }

    [Theory]
    [InlineData(503, """{"message":"upstream busy"}""", "retry:http_503")]
    [InlineData(500, """{"message":"oops"}""", "retry:http_500")]
    [InlineData(403, """{"message":"Blocked by the bot detector"}""", "retry:http_403_bot")]
    [InlineData(429, """{"message":"You have exceeded the rate limit per second for your plan, BASIC, by the API provider"}""", "retry:http_429")]
    [InlineData(200, """<html><body>Bad gateway</body></html>""", "retry:html_body")]
    [InlineData(200, """{"agent":{"advertiser_id":1,"fulfil""", "retry:truncated_body")]
    [InlineData(200, """{"agent":{"advertiser_id":1,,}}""", "retry:malformed_body")]
    [InlineData(200, """{"agent":null}""", "retry:malformed_body")]
    public async Task GetProfileAsync_TransientFaultThenSuccess_RetriesAndRecordsBothAttempts(int status, string body, string classification)
    {
        var handler = ScriptedHandler.Sequence(
            () => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, body.StartsWith('<') ? "text/html" : "application/json") },
            () => ScriptedHandler.Ok(ProfileJson));
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        var profile = await client.GetProfileAsync(Agent, TestClients.Context(recorder), CancellationToken.None);

        Assert.Equal("1", profile.AdvertiserId);
        Assert.Equal(2, handler.Calls);
        Assert.Equal([classification, "ok"], recorder.Items.Select(r => r.Classification));
        Assert.Equal([1, 2], recorder.Items.Select(r => r.Attempt));
        Assert.Equal(body, Encoding.UTF8.GetString(recorder.Items[0].Body));
        Assert.Equal(1, client.Metrics.Retries);
    }

    [Fact]
    public async Task GetProfileAsync_503Always_ThrowsTransientAfterAllAttempts()
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Json(HttpStatusCode.ServiceUnavailable, """{"message":"busy"}"""));
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        var ex = await Assert.ThrowsAsync<TransientApiException>(() => client.GetProfileAsync(Agent, TestClients.Context(recorder), CancellationToken.None));

        Assert.Equal("http_503", ex.Reason);
        Assert.False(ex.StopsRun);
        Assert.Equal(4, handler.Calls);
        Assert.Equal(4, recorder.Items.Count);
        Assert.All(recorder.Items, r => Assert.Equal("retry:http_503", r.Classification));
        Assert.Equal(1, client.Metrics.FailedCalls);
        Assert.Equal(4, client.Metrics.FaultsByClass["http_503"]);
    }

    [Theory]
    [InlineData(400, """{"message":"page must be <= 20"}""", typeof(BadRequestApiException), "http_400", false)]
    [InlineData(404, """{"message":"Agent not found"}""", typeof(AgentNotFoundException), "http_404", false)]
    [InlineData(404, """{"message":"Endpoint '/agents/get-profile' does not exist"}""", typeof(EndpointMissingException), "endpoint_missing", true)]
    [InlineData(401, """{"message":"Invalid API key. Go to https://docs.rapidapi.com/docs/keys for more info."}""", typeof(ApiAuthException), "auth_invalid_key", true)]
    [InlineData(403, """{"message":"You are not subscribed to this API."}""", typeof(ApiAuthException), "auth_not_subscribed", true)]
    [InlineData(429, """{"message":"You have exceeded the MONTHLY quota for Requests on your current plan, BASIC."}""", typeof(QuotaExhaustedException), "quota_exhausted", true)]
    public async Task GetProfileAsync_PermanentFailure_FailsFastWithOneAttempt(int status, string body, Type expected, string reason, bool stopsRun)
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Json((HttpStatusCode)status, body));
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        var ex = await Assert.ThrowsAnyAsync<ListingApiException>(() => client.GetProfileAsync(Agent, TestClients.Context(recorder), CancellationToken.None));

        Assert.IsType(expected, ex);
        Assert.Equal(reason, ex.Reason);
        Assert.Equal(stopsRun, ex.StopsRun);
        Assert.Equal(1, handler.Calls);
        Assert.Equal("fail:" + reason, Assert.Single(recorder.Items).Classification);
        Assert.DoesNotContain(TestClients.Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProfileAsync_KeyVariableUnset_StopsRunWithoutSendingAndNamesTheVariable()
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Ok(ProfileJson));
        var variable = "PROPGRADE_UNSET_" + Guid.NewGuid().ToString("N");
        using var client = new ListingApiClient(TestClients.FastOptions(), new EnvironmentApiKeyProvider(variable), TimeProvider.System, handler, new Random(1));

        var ex = await Assert.ThrowsAsync<ApiAuthException>(() => client.GetProfileAsync(Agent, TestClients.Context(new ListRecorder()), CancellationToken.None));

        Assert.True(ex.StopsRun);
        Assert.Equal("auth_no_key", ex.Reason);
        Assert.Contains(variable, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task GetProfileAsync_429WithRetryAfter_WaitsThatLong()
    {
        var handler = ScriptedHandler.Sequence(
            () => ScriptedHandler.Json(HttpStatusCode.TooManyRequests, """{"message":"rate limit per second"}""", r => r.Headers.TryAddWithoutValidation("Retry-After", "1")),
            () => ScriptedHandler.Ok(ProfileJson));
        var time = new FakeTimeProvider();
        using var client = TestClients.Create(time, handler);

        await FakeClock.RunAsync(time, client.GetProfileAsync(Agent, TestClients.Context(new ListRecorder()), CancellationToken.None), Step, TimeSpan.FromSeconds(30));

        var times = handler.Seen.Select(s => s.At).ToArray();
        // At least the Retry-After (fake time cannot run short); the fake clock may overshoot by a few steps on a busy machine.
        Assert.InRange(times[1] - times[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task GetProfileAsync_AttemptHangs_TimesOutRecordsAndRetries()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler(async (_, call, ct) =>
        {
            if (call == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), time, ct);
            }

            return ScriptedHandler.Ok(ProfileJson);
        });
        using var client = TestClients.Create(time, handler, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));
        var recorder = new ListRecorder();

        await FakeClock.RunAsync(time, client.GetProfileAsync(Agent, TestClients.Context(recorder), CancellationToken.None), Step, TimeSpan.FromSeconds(30));

        Assert.Equal(["retry:timeout", "ok"], recorder.Items.Select(r => r.Classification));
        Assert.Null(recorder.Items[0].Status);
        // Cut by the 300 ms attempt timeout (fake time; the clock may overshoot by a few steps), not by the handler's 30 s.
        Assert.InRange(recorder.Items[0].DurationMs, 300, 3000);
    }

    [Fact]
    public async Task GetProfileAsync_ConnectionReset_RetriesAsReset()
    {
        var handler = new ScriptedHandler((_, call, _) => call == 0
            ? Task.FromException<HttpResponseMessage>(new HttpRequestException("An error occurred while sending the request.", new IOException("Connection reset by peer")))
            : Task.FromResult(ScriptedHandler.Ok(ProfileJson)));
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        await client.GetProfileAsync(Agent, TestClients.Context(recorder), CancellationToken.None);

        Assert.Equal(["retry:reset", "ok"], recorder.Items.Select(r => r.Classification));
        Assert.NotNull(recorder.Items[0].Error);
    }

    [Fact]
    public async Task GetProfileAsync_ConsecutiveFailuresReachThreshold_OpensCircuitAndRejectsWithoutCalling()
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Json(HttpStatusCode.BadGateway, """{"message":"bad gateway"}"""));
        using var client = TestClients.Create(handler, o =>
        {
            o.CircuitFailureThreshold = 3;
            o.MaxRetryAttempts = 5;
            o.CircuitBreakDuration = TimeSpan.FromSeconds(30);
        });
        var recorder = new ListRecorder();

        var ex = await Assert.ThrowsAsync<TransientApiException>(() => client.GetProfileAsync(Agent, TestClients.Context(recorder), CancellationToken.None));

        Assert.Equal("circuit_open", ex.Reason);
        Assert.Equal(3, handler.Calls);
        Assert.Equal(1, client.Metrics.CircuitOpenings);
        Assert.Contains(recorder.Items, r => r.Classification == "retry:circuit_open" && r.Status is null);
        Assert.Equal("fail:circuit_open", recorder.Items[^1].Classification);

        await Assert.ThrowsAsync<TransientApiException>(() => client.GetProfileAsync(new RosterEntry("2", "n2"), TestClients.Context(new ListRecorder()), CancellationToken.None));
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task GetProfileAsync_CircuitOpenThenHealthy_HalfOpenProbeCloses()
    {
        var healthy = false;
        var handler = new ScriptedHandler((_, _, _) => Task.FromResult(Volatile.Read(ref healthy)
            ? ScriptedHandler.Ok(ProfileJson)
            : ScriptedHandler.Json(HttpStatusCode.ServiceUnavailable, """{"message":"busy"}""")));
        var time = new FakeTimeProvider();
        using var client = TestClients.Create(time, handler, o =>
        {
            o.CircuitFailureThreshold = 2;
            o.MaxRetryAttempts = 2;
            o.CircuitBreakDuration = TimeSpan.FromMilliseconds(500);
        });
        await Assert.ThrowsAsync<TransientApiException>(() => FakeClock.RunAsync(time, client.GetProfileAsync(Agent, TestClients.Context(new ListRecorder()), CancellationToken.None), Step, TimeSpan.FromSeconds(30)));
        Volatile.Write(ref healthy, true);
        var callsWhileOpen = handler.Calls;

        // Still open: rejected without a call.
        await Assert.ThrowsAsync<TransientApiException>(() => FakeClock.RunAsync(time, client.GetProfileAsync(Agent, TestClients.Context(new ListRecorder()), CancellationToken.None), Step, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(callsWhileOpen, handler.Calls);

        time.Advance(TimeSpan.FromMilliseconds(600));
        var profile = await FakeClock.RunAsync(time, client.GetProfileAsync(Agent, TestClients.Context(new ListRecorder()), CancellationToken.None), Step, TimeSpan.FromSeconds(30));

        Assert.Equal("1", profile.AdvertiserId);
        Assert.Equal(callsWhileOpen + 1, handler.Calls);
    }

    private static string Page(string type, int total, params string[] results) =>
        "{\"data\":{\"" + type + "\":{\"total\":" + total.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + ",\"count\":" + results.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"results\":[" + string.Join(',', results) + "]}}}";

    private static string ActiveListing(string id) => $$"""{"listing_id":"{{id}}","status":"for_sale","list_price":5,"advertisers":[{"fulfillment_id":"11","type":"seller"}]}""";

    [Fact]
    public async Task GetListingPageAsync_Revision2Request_SendsAllThreeIdsAndMapsTheEnvelope()
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Ok(Page("forSale", 12, ActiveListing("L1"), ActiveListing("L2"))));
        using var client = TestClients.Create(handler);

        var page = await client.GetListingPageAsync(Listings11, ListingKind.ForSale, 2, 10, TestClients.Context(new ListRecorder(), "active"), CancellationToken.None);

        Assert.Equal(ListingsUrl + "&type=forSale&page=2", Assert.Single(handler.Seen).PathAndQuery);
        Assert.Equal((2, 12, 2), (page.Page, page.Total, page.Listings.Count));
        Assert.True(page.IsLast(12));
    }

    [Fact]
    public async Task GetListingPageAsync_TransientEmptyPage_RefetchesWhileDistinctIdsReadAreBelowTotal()
    {
        var handler = ScriptedHandler.Sequence(
            () => ScriptedHandler.Ok(Page("forSale", 15)),
            () => ScriptedHandler.Ok(Page("forSale", 15, ActiveListing("L1"))));
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        var page = await client.GetListingPageAsync(Listings11, ListingKind.ForSale, 2, 14, TestClients.Context(recorder, "active"), CancellationToken.None);

        Assert.Single(page.Listings);
        Assert.True(page.IsLast(15));
        Assert.Equal(["retry:empty_page", "ok"], recorder.Items.Select(r => r.Classification));
        Assert.All(recorder.Items, r => Assert.Equal((ListingsUrl + "&type=forSale&page=2", 2), (r.Url, r.Page!.Value)));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(23)]
    public async Task GetListingPageAsync_EmptyPageOnceResultsReachTotal_IsNotRetried(int resultsBefore)
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Ok(Page("forSold", 20)));
        using var client = TestClients.Create(handler);

        var page = await client.GetListingPageAsync(Listings11, ListingKind.ForSold, 3, resultsBefore, TestClients.Context(new ListRecorder(), "sold"), CancellationToken.None);

        Assert.Empty(page.Listings);
        Assert.True(page.IsLast(resultsBefore));
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task GetListingPageAsync_EnvelopeOfTheOtherType_IsAShapeErrorRetriedAsMalformed()
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Ok(Page("forSale", 1, ActiveListing("L1"))));
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        var ex = await Assert.ThrowsAsync<TransientApiException>(() => client.GetListingPageAsync(Listings11, ListingKind.ForSold, 1, 0, TestClients.Context(recorder, "sold"), CancellationToken.None));

        Assert.Equal("malformed_body", ex.Reason);
    }

    [Fact]
    public async Task GetListingPageAsync_EndpointMissing_StopsTheRunWithOneAttempt()
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Json(HttpStatusCode.NotFound, """{"message":"Endpoint '/agents/get-listings' does not exist"}"""));
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        var ex = await Assert.ThrowsAsync<EndpointMissingException>(() => client.GetListingPageAsync(Listings11, ListingKind.ForSold, 1, 0, TestClients.Context(recorder, "sold"), CancellationToken.None));

        Assert.True(ex.StopsRun);
        Assert.Equal("endpoint_missing", ex.Reason);
        Assert.Equal(nameof(EndpointMissingException), ex.GetType().Name);
        Assert.Equal(1, handler.Calls);
        Assert.Equal("fail:endpoint_missing", Assert.Single(recorder.Items).Classification);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public async Task GetListingPageAsync_PageOutsideProviderRange_FailsWithoutRequest(int page)
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Ok("{}"));
        using var client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<BadRequestApiException>(() => client.GetListingPageAsync(Listings11, ListingKind.ForSold, page, 0, TestClients.Context(new ListRecorder(), "sold"), CancellationToken.None));

        Assert.Equal("http_400", ex.Reason);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task GetAgentPageAsync_Revision2Request_AsksForAgentsOnlyWithTheConfiguredLimit()
    {
        var handler = new ScriptedHandler((request, _, _) =>
        {
            var offset = int.Parse(request.RequestUri!.Query.Split("offset=")[1].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture);
            var count = Math.Min(20, 45 - offset);
            var agents = string.Join(',', Enumerable.Range(offset, count).Select(i => $$"""{"advertiser_id":{{i + 1}},"nrds_id":"n{{i}}"}"""));
            return Task.FromResult(ScriptedHandler.Ok($$"""{"matching_rows":45,"agents":[{{agents}}]}"""));
        });
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        var page = await client.GetAgentPageAsync("07030", 20, TestClients.Context(recorder, "discover", null), CancellationToken.None);

        Assert.Equal((20, 20, 45, 20), (page.Offset, page.Limit, page.MatchingRows, page.Agents.Count));
        Assert.Equal("21", page.Agents[0].AdvertiserId);
        Assert.Equal("/agents/list?postal_code=07030&offset=20&limit=20&sort=recently_sold_high&types=agent", Assert.Single(recorder.Items).Url);
        Assert.Null(recorder.Items[0].AgentId);
    }

    [Fact]
    public async Task GetAgentPageAsync_EmptyPageBeforeMatchingRows_RetriedThenEmptyPageReason()
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Ok("""{"matching_rows":45,"agents":[]}"""));
        using var client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<TransientApiException>(() => client.GetAgentPageAsync("07030", 20, TestClients.Context(new ListRecorder(), "discover", null), CancellationToken.None));

        Assert.Equal(Core.Stages.DiscoveryService.EmptyPageReason, ex.Reason);
        Assert.Equal(4, handler.Calls);
    }

    [Fact]
    public async Task StreamListingPagesAsync_CallerStopsAfterFirstPage_RequestsNoMorePages()
    {
        var handler = new ScriptedHandler((_, call, _) => Task.FromResult(ScriptedHandler.Ok(Page("forSale", 50, ActiveListing($"L{call}")))));
        using var client = TestClients.Create(handler);

        await foreach (var page in client.StreamListingPagesAsync(Listings11, ListingKind.ForSale, TestClients.Context(new ListRecorder(), "active")))
        {
            Assert.Equal(1, page.Page);
            break;
        }

        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task StreamListingPagesAsync_RunsToLastPage_StopsWhenDistinctIdsReachTotal()
    {
        var handler = new ScriptedHandler((_, call, _) => Task.FromResult(ScriptedHandler.Ok(
            call < 2 ? Page("forSale", 7, ActiveListing($"L{call}a"), ActiveListing($"L{call}b"), ActiveListing($"L{call}c")) : Page("forSale", 7, ActiveListing("L9")))));
        using var client = TestClients.Create(handler);

        var pages = new List<int>();
        await foreach (var page in client.StreamListingPagesAsync(Listings11, ListingKind.ForSale, TestClients.Context(new ListRecorder(), "active")))
        {
            pages.Add(page.Page);
        }

        Assert.Equal([1, 2, 3], pages);
        Assert.Equal(3, handler.Calls);
    }
}

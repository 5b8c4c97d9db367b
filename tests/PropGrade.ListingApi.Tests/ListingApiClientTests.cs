using System.Net;
using System.Text;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Tests.Support;

namespace PropGrade.ListingApi.Tests;

public sealed class ListingApiClientTests
{
    private const string ProfileJson = """{"agent":{"advertiser_id":1,"fulfillment_id":11,"person_name":"A"}}""";

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

        var profile = await client.GetProfileAsync(1, TestClients.Context(recorder), CancellationToken.None);

        Assert.Equal(11, profile.FulfillmentId);
        var seen = Assert.Single(handler.Seen);
        Assert.Equal("/agents/get-profile?advertiser_id=1", seen.PathAndQuery);
        Assert.Equal(TestClients.Key, seen.Key);
        Assert.Equal("realty-in-us.p.rapidapi.com", seen.Host);
        var record = Assert.Single(recorder.Items);
        Assert.Equal(("ok", 200, 1, "/agents/get-profile?advertiser_id=1"), (record.Classification, record.Status, record.Attempt, record.Url));
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

        var profile = await client.GetProfileAsync(1, TestClients.Context(recorder), CancellationToken.None);

        Assert.Equal(1, profile.AdvertiserId);
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

        var ex = await Assert.ThrowsAsync<TransientApiException>(() => client.GetProfileAsync(1, TestClients.Context(recorder), CancellationToken.None));

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
    [InlineData(401, """{"message":"Invalid API key. Go to https://docs.rapidapi.com/docs/keys for more info."}""", typeof(ApiAuthException), "auth_invalid_key", true)]
    [InlineData(403, """{"message":"You are not subscribed to this API."}""", typeof(ApiAuthException), "auth_not_subscribed", true)]
    [InlineData(429, """{"message":"You have exceeded the MONTHLY quota for Requests on your current plan, BASIC."}""", typeof(QuotaExhaustedException), "quota_exhausted", true)]
    public async Task GetProfileAsync_PermanentFailure_FailsFastWithOneAttempt(int status, string body, Type expected, string reason, bool stopsRun)
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Json((HttpStatusCode)status, body));
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        var ex = await Assert.ThrowsAnyAsync<ListingApiException>(() => client.GetProfileAsync(1, TestClients.Context(recorder), CancellationToken.None));

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

        var ex = await Assert.ThrowsAsync<ApiAuthException>(() => client.GetProfileAsync(1, TestClients.Context(new ListRecorder()), CancellationToken.None));

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
        using var client = TestClients.Create(handler);

        await client.GetProfileAsync(1, TestClients.Context(new ListRecorder()), CancellationToken.None);

        var times = handler.Seen.Select(s => s.At).ToArray();
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task GetProfileAsync_AttemptHangs_TimesOutRecordsAndRetries()
    {
        var handler = new ScriptedHandler(async (_, call, ct) =>
        {
            if (call == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
            }

            return ScriptedHandler.Ok(ProfileJson);
        });
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        await client.GetProfileAsync(1, TestClients.Context(recorder), CancellationToken.None);

        Assert.Equal(["retry:timeout", "ok"], recorder.Items.Select(r => r.Classification));
        Assert.Null(recorder.Items[0].Status);
        Assert.True(recorder.Items[0].DurationMs >= 250);
    }

    [Fact]
    public async Task GetProfileAsync_ConnectionReset_RetriesAsReset()
    {
        var handler = new ScriptedHandler((_, call, _) => call == 0
            ? Task.FromException<HttpResponseMessage>(new HttpRequestException("An error occurred while sending the request.", new IOException("Connection reset by peer")))
            : Task.FromResult(ScriptedHandler.Ok(ProfileJson)));
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        await client.GetProfileAsync(1, TestClients.Context(recorder), CancellationToken.None);

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

        var ex = await Assert.ThrowsAsync<TransientApiException>(() => client.GetProfileAsync(1, TestClients.Context(recorder), CancellationToken.None));

        Assert.Equal("circuit_open", ex.Reason);
        Assert.Equal(3, handler.Calls);
        Assert.Equal(1, client.Metrics.CircuitOpenings);
        Assert.Contains(recorder.Items, r => r.Classification == "retry:circuit_open" && r.Status is null);
        Assert.Equal("fail:circuit_open", recorder.Items[^1].Classification);

        await Assert.ThrowsAsync<TransientApiException>(() => client.GetProfileAsync(2, TestClients.Context(new ListRecorder()), CancellationToken.None));
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task GetProfileAsync_CircuitOpenThenHealthy_HalfOpenProbeCloses()
    {
        var healthy = false;
        var handler = new ScriptedHandler((_, _, _) => Task.FromResult(Volatile.Read(ref healthy)
            ? ScriptedHandler.Ok(ProfileJson)
            : ScriptedHandler.Json(HttpStatusCode.ServiceUnavailable, """{"message":"busy"}""")));
        using var client = TestClients.Create(handler, o =>
        {
            o.CircuitFailureThreshold = 2;
            o.MaxRetryAttempts = 2;
            o.CircuitBreakDuration = TimeSpan.FromMilliseconds(500);
        });
        await Assert.ThrowsAsync<TransientApiException>(() => client.GetProfileAsync(1, TestClients.Context(new ListRecorder()), CancellationToken.None));
        Volatile.Write(ref healthy, true);

        await Task.Delay(TimeSpan.FromMilliseconds(600));
        var profile = await client.GetProfileAsync(1, TestClients.Context(new ListRecorder()), CancellationToken.None);

        Assert.Equal(1, profile.AdvertiserId);
    }

    [Fact]
    public async Task GetListingPageAsync_TransientEmptyPage_Refetches()
    {
        var handler = ScriptedHandler.Sequence(
            () => ScriptedHandler.Ok("""{"matching_rows":15,"page":2,"page_size":10,"listings":[]}"""),
            () => ScriptedHandler.Ok("""{"matching_rows":15,"page":2,"page_size":10,"listings":[{"listing_id":"L1","status":"for_sale","list_price":5,"advertisers":[]}]}"""));
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        var page = await client.GetListingPageAsync(11, ListingKind.ForSale, 2, TestClients.Context(recorder, "active"), CancellationToken.None);

        Assert.Single(page.Listings);
        Assert.True(page.IsLast);
        Assert.Equal(["retry:empty_page", "ok"], recorder.Items.Select(r => r.Classification));
        Assert.All(recorder.Items, r => Assert.Equal(("/agents/get-listings?fulfillment_id=11&type=forSale&page=2", 2), (r.Url, r.Page!.Value)));
    }

    [Fact]
    public async Task GetListingPageAsync_PastTheEndEmptyPage_IsNotRetried()
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Ok("""{"matching_rows":20,"page":3,"page_size":10,"listings":[]}"""));
        using var client = TestClients.Create(handler);

        var page = await client.GetListingPageAsync(11, ListingKind.ForSold, 3, TestClients.Context(new ListRecorder(), "sold"), CancellationToken.None);

        Assert.Empty(page.Listings);
        Assert.Equal(1, handler.Calls);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public async Task GetListingPageAsync_PageOutsideProviderRange_FailsWithoutRequest(int page)
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Ok("{}"));
        using var client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<BadRequestApiException>(() => client.GetListingPageAsync(11, ListingKind.ForSold, page, TestClients.Context(new ListRecorder(), "sold"), CancellationToken.None));

        Assert.Equal("http_400", ex.Reason);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task DiscoverAgentsAsync_ThreePages_StopsAtMatchingRows()
    {
        var handler = new ScriptedHandler((request, _, _) =>
        {
            var offset = int.Parse(request.RequestUri!.Query.Split("offset=")[1].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture);
            var count = Math.Min(20, 45 - offset);
            var agents = string.Join(',', Enumerable.Range(offset, count).Select(i => $$"""{"advertiser_id":{{i + 1}},"fulfillment_id":{{i + 1000}}}"""));
            return Task.FromResult(ScriptedHandler.Ok($$"""{"matching_rows":45,"agents":[{{agents}}]}"""));
        });
        using var client = TestClients.Create(handler);
        var recorder = new ListRecorder();

        var pages = new List<AgentPage>();
        await foreach (var page in client.DiscoverAgentsAsync("07030", TestClients.Context(recorder, "discover", null), CancellationToken.None))
        {
            pages.Add(page);
        }

        Assert.Equal([0, 20, 40], pages.Select(p => p.Offset));
        Assert.Equal(45, pages.Sum(p => p.Agents.Count));
        Assert.Equal("/agents/list?postal_code=07030&offset=20&limit=20&sort=recently_sold_high", recorder.Items[1].Url);
    }

    [Fact]
    public async Task StreamListingPagesAsync_CallerStopsAfterFirstPage_RequestsNoMorePages()
    {
        var handler = new ScriptedHandler((_, call, _) => Task.FromResult(ScriptedHandler.Ok(
            $$"""{"matching_rows":50,"page":{{call + 1}},"page_size":10,"listings":[{"listing_id":"L{{call}}","status":"for_sale","list_price":1}]}""")));
        using var client = TestClients.Create(handler);

        await foreach (var page in client.StreamListingPagesAsync(11, ListingKind.ForSale, TestClients.Context(new ListRecorder(), "active")))
        {
            Assert.Equal(1, page.Page);
            break;
        }

        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task StreamListingPagesAsync_RunsToLastPage_StopsAtIsLast()
    {
        var handler = new ScriptedHandler((_, call, _) => Task.FromResult(ScriptedHandler.Ok(
            $$"""{"matching_rows":25,"page":{{call + 1}},"page_size":10,"listings":[{"listing_id":"L{{call}}","status":"for_sale","list_price":1}]}""")));
        using var client = TestClients.Create(handler);

        var pages = new List<int>();
        await foreach (var page in client.StreamListingPagesAsync(11, ListingKind.ForSale, TestClients.Context(new ListRecorder(), "active")))
        {
            pages.Add(page.Page);
        }

        Assert.Equal([1, 2, 3], pages);
    }
}

using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Tests.Support;

namespace PropGrade.ListingApi.Tests;

/// <summary>
/// The client's pacing and rate-limit handling on a <see cref="FakeTimeProvider"/> (limiter, backoff, Retry-After,
/// resets and both timeouts all run on it): permit waits, attempt recording, 429 patience, quota, adoption.
/// </summary>
public sealed class ListingApiClientPacingTests
{
    private const string ProfileJson = """{"agent":{"advertiser_id":1,"nrds_id":"n1","person_name":"A"}}""";

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static RosterEntry Roster(int id) => new(Id(id), "n" + Id(id));
    private const string PerSecond = """{"message":"You have exceeded the rate limit per second for your plan, BASIC, by the API provider"}""";
    private const string Quota = """{"message":"You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. Upgrade your plan at https://rapidapi.com/apidojo/api/realty-in-us"}""";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    private static ListingApiClient Create(FakeTimeProvider time, ScriptedHandler handler, Action<ListingApiOptions> configure) =>
        new(TestClients.FastOptions(configure), new FixedKeyProvider(TestClients.Key), time, handler, new Random(7));

    private static HttpResponseMessage TooMany(string body = PerSecond, string? reset = "1", string? retryAfter = null) =>
        ScriptedHandler.Json(HttpStatusCode.TooManyRequests, body, r =>
        {
            r.Headers.TryAddWithoutValidation("x-ratelimit-limit", "1000");
            r.Headers.TryAddWithoutValidation("x-ratelimit-remaining", "0");
            if (reset is not null)
            {
                r.Headers.TryAddWithoutValidation("x-ratelimit-reset", reset);
            }

            if (retryAfter is not null)
            {
                r.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            }
        });

    private static HttpResponseMessage Busy() => ScriptedHandler.Json(HttpStatusCode.ServiceUnavailable, """{"message":"upstream busy"}""");

    [Fact]
    public async Task GetProfileAsync_RetriesQueueForPermitsLongerThanTheAttemptTimeout_NoTimeoutNoBreakerEveryAttemptRecorded()
    {
        // 1 request/s; four calls whose first attempt is a 503: the four retries queue behind the four first attempts,
        // up to 4 s for a permit: far longer than the attempt timeout (500 ms) and the call budget (2 s).
        var time = new FakeTimeProvider();
        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var handler = new ScriptedHandler((request, _, _) => Task.FromResult(
            seen.AddOrUpdate(request.RequestUri!.PathAndQuery, 1, static (_, n) => n + 1) == 1 ? Busy() : ScriptedHandler.Ok(ProfileJson)));
        using var client = Create(time, handler, o =>
        {
            o.RequestsPerSecond = 1;
            o.Burst = 1;
            o.RateHeadroom = 0;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.TotalTimeout = TimeSpan.FromSeconds(2);
            o.MaxRetryAttempts = 2;
            o.CircuitFailureThreshold = 5;
        });
        var recorder = new ListRecorder();

        var calls = Task.WhenAll(Enumerable.Range(1, 4).Select(id => client.GetProfileAsync(Roster(id), TestClients.Context(recorder, agentId: Id(id)), CancellationToken.None)));
        var profiles = await FakeClock.RunAsync(time, calls, Step, TimeSpan.FromSeconds(30));

        Assert.Equal(4, profiles.Length);
        Assert.Equal(8, handler.Calls);
        Assert.Equal(8, recorder.Items.Count);
        Assert.Equal((8L, 8L), (client.Metrics.Attempts, client.Metrics.RequestsSent));
        Assert.Equal(4, recorder.Items.Count(r => r.Classification == "retry:http_503"));
        Assert.Equal(4, recorder.Items.Count(r => r.Classification == "ok"));
        Assert.False(client.Metrics.FaultsByClass.ContainsKey("timeout"), "a permit wait must never time an attempt out");
        Assert.Equal(0, client.Metrics.CircuitOpenings);
        Assert.Equal((4L, 0L, 0L), (client.Metrics.FaultRetries, client.Metrics.ThrottleRetries, client.Metrics.FailedCalls));
        Assert.True(client.Metrics.PermitWait > TimeSpan.FromSeconds(10), $"permit waits summed to {client.Metrics.PermitWait}");
        var starts = recorder.Items.Select(r => r.StartedAt).Order().ToArray();
        Assert.True(starts[^1] - starts[0] >= TimeSpan.FromSeconds(7), "eight starts at 1 request/s span at least 7 s");
    }

    [Fact]
    public async Task GetProfileAsync_AttemptsCutByAttemptTimeoutAndCallBudget_EachRecordedOnceThenTimeout()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler(async (_, _, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), time, ct);
            return ScriptedHandler.Ok(ProfileJson);
        });
        using var client = Create(time, handler, o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.TotalTimeout = TimeSpan.FromSeconds(2.5);
            o.MaxRetryAttempts = 5;
        });
        var recorder = new ListRecorder();

        var call = client.GetProfileAsync(Roster(1), TestClients.Context(recorder), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<TransientApiException>(() => FakeClock.RunAsync(time, call, Step, TimeSpan.FromSeconds(30)));

        Assert.Equal("timeout", ex.Reason);
        Assert.Equal(3, handler.Calls);
        Assert.Equal(3, recorder.Items.Count);
        Assert.Equal((3L, 3L), (client.Metrics.Attempts, client.Metrics.RequestsSent));
        Assert.All(recorder.Items, r => Assert.Equal(("retry:timeout", (int?)null), (r.Classification, r.Status)));
        Assert.Equal([1, 2, 3], recorder.Items.Select(r => r.Attempt));
        // Fake time moves in 50 ms steps while continuations run on real threads, so a loaded machine can let a few steps
        // pass before a cut attempt is recorded (1,150 ms seen in CI): the first attempt is cut by its 1 s timeout (not by
        // the 2.5 s budget, nor the handler's 30 s), the last by what was left of the 2.5 s budget (less than 1 s).
        Assert.InRange(recorder.Items[0].DurationMs, 1000, 1450);
        Assert.InRange(recorder.Items[2].DurationMs, 0, 999);
        Assert.True(recorder.Items.Sum(r => r.DurationMs) <= 2500 + 450, $"attempts summed to {recorder.Items.Sum(r => r.DurationMs)} ms");
    }

    [Fact]
    public async Task GetProfileAsync_Many429sThenOk_ThrottlePatienceDoesNotSpendTheFaultBudget()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler((_, call, _) => Task.FromResult(call < 8 ? TooMany() : ScriptedHandler.Ok(ProfileJson)));
        using var client = Create(time, handler, o =>
        {
            o.MaxRetryAttempts = 1;
            o.ThrottlePatience = TimeSpan.FromMinutes(1);
        });
        var recorder = new ListRecorder();
        var began = time.GetUtcNow();

        var profile = await FakeClock.RunAsync(time, client.GetProfileAsync(Roster(1), TestClients.Context(recorder), CancellationToken.None), Step, TimeSpan.FromSeconds(60));

        Assert.Equal("1", profile.AdvertiserId);
        Assert.Equal(9, handler.Calls);
        Assert.Equal((8L, 0L, 8L), (client.Metrics.ThrottleRetries, client.Metrics.FaultRetries, client.Metrics.Throttled));
        Assert.Equal(8, recorder.Items.Count(r => r.Classification == "retry:http_429"));
        Assert.True(recorder.Items[^1].StartedAt - began >= TimeSpan.FromSeconds(8), "each 429 waits for its x-ratelimit-reset (1 s)");
        Assert.Equal(0, client.Metrics.CircuitOpenings);
    }

    [Fact]
    public async Task GetProfileAsync_FaultsBetween429s_FailWhenTheFaultBudgetIsSpentNotBefore()
    {
        var time = new FakeTimeProvider();
        Func<HttpResponseMessage>[] script = [() => TooMany(), Busy, () => TooMany(), () => TooMany(), Busy, () => TooMany()];
        var handler = new ScriptedHandler((_, call, _) => Task.FromResult(script[Math.Min(call, script.Length - 1)]()));
        using var client = Create(time, handler, o =>
        {
            o.MaxRetryAttempts = 1;
            o.ThrottlePatience = TimeSpan.FromMinutes(1);
        });
        var recorder = new ListRecorder();

        var call = client.GetProfileAsync(Roster(1), TestClients.Context(recorder), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<TransientApiException>(() => FakeClock.RunAsync(time, call, Step, TimeSpan.FromSeconds(60)));

        // 429, 503 (fault retry 1 of 1), 429, 429, 503: the second fault ends the call; the 429s never counted.
        Assert.Equal("http_503", ex.Reason);
        Assert.Equal(5, handler.Calls);
        Assert.Equal((1L, 3L), (client.Metrics.FaultRetries, client.Metrics.ThrottleRetries));
        Assert.Equal(5, recorder.Items.Count);
    }

    [Fact]
    public async Task GetProfileAsync_429BeyondThrottlePatience_FailsRateLimitedNamingThePatience()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler((_, _, _) => Task.FromResult(TooMany(reset: "2")));
        using var client = Create(time, handler, o =>
        {
            o.MaxRetryAttempts = 0;
            o.ThrottlePatience = TimeSpan.FromSeconds(11);
        });
        var recorder = new ListRecorder();
        var began = time.GetUtcNow();

        var call = client.GetProfileAsync(Roster(1), TestClients.Context(recorder), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => FakeClock.RunAsync(time, call, Step, TimeSpan.FromSeconds(60)));

        Assert.Equal("http_429", ex.Reason);
        Assert.False(ex.StopsRun);
        Assert.Contains("patience (11 s", ex.Message, StringComparison.Ordinal);
        Assert.Equal(6, handler.Calls); // at 0, 2, 4, 6, 8, 10 s: the next wait would end past 11 s
        Assert.Equal(6, recorder.Items.Count);
        Assert.InRange(recorder.Items[^1].StartedAt - began, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10.5));
        Assert.Equal(0, client.Metrics.FaultRetries);
    }

    [Fact]
    public async Task GetProfileAsync_429WithRetryAfter_WaitsRetryAfterRatherThanTheReset()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler((_, call, _) => Task.FromResult(call == 0 ? TooMany(reset: "1", retryAfter: "7") : ScriptedHandler.Ok(ProfileJson)));
        using var client = Create(time, handler, o => o.ThrottlePatience = TimeSpan.FromMinutes(1));
        var recorder = new ListRecorder();

        await FakeClock.RunAsync(time, client.GetProfileAsync(Roster(1), TestClients.Context(recorder), CancellationToken.None), Step, TimeSpan.FromSeconds(60));

        Assert.InRange(recorder.Items[1].StartedAt - recorder.Items[0].StartedAt, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7.5));
        Assert.Equal(TimeSpan.FromSeconds(7), client.Metrics.ThrottleWait);
    }

    [Fact]
    public async Task GetProfileAsync_QuotaAfterPerSecond429_StopsAtOnce()
    {
        var time = new FakeTimeProvider();
        Func<HttpResponseMessage>[] script = [() => TooMany(), () => TooMany(Quota), () => ScriptedHandler.Ok(ProfileJson)];
        var handler = new ScriptedHandler((_, call, _) => Task.FromResult(script[Math.Min(call, script.Length - 1)]()));
        using var client = Create(time, handler, o => o.ThrottlePatience = TimeSpan.FromMinutes(5));
        var recorder = new ListRecorder();

        var call = client.GetProfileAsync(Roster(1), TestClients.Context(recorder), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<QuotaExhaustedException>(() => FakeClock.RunAsync(time, call, Step, TimeSpan.FromSeconds(60)));

        Assert.True(ex.StopsRun);
        Assert.Equal(2, handler.Calls);
        Assert.Equal(["retry:http_429", "fail:quota_exhausted"], recorder.Items.Select(r => r.Classification));
        Assert.Equal(1, client.Metrics.RateSlowdowns); // the quota 429 does not slow the pacing down again
    }

    [Fact]
    public async Task GetProfileAsync_ServerLimitBelowConfigured_AdoptsItForEveryCaller()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler((_, _, _) => Task.FromResult(ScriptedHandler.Json(HttpStatusCode.OK, ProfileJson, r =>
        {
            r.Headers.TryAddWithoutValidation("x-ratelimit-limit", "2");
            r.Headers.TryAddWithoutValidation("x-ratelimit-remaining", "1");
            r.Headers.TryAddWithoutValidation("x-ratelimit-reset", "1");
        })));
        using var client = Create(time, handler, o =>
        {
            o.RequestsPerSecond = 10;
            o.Burst = 1;
        });
        var recorder = new ListRecorder();
        await FakeClock.RunAsync(time, client.GetProfileAsync(Roster(1), TestClients.Context(recorder), CancellationToken.None), Step, TimeSpan.FromSeconds(10));

        var calls = Task.WhenAll(Enumerable.Range(2, 4).Select(id => client.GetProfileAsync(Roster(id), TestClients.Context(recorder, agentId: Id(id)), CancellationToken.None)));
        await FakeClock.RunAsync(time, calls, Step, TimeSpan.FromSeconds(30));

        Assert.Equal(2, client.Metrics.AdoptedRequestsPerSecond);
        Assert.Equal(2, client.Metrics.PlanRequestsPerSecond);
        Assert.Equal(2 * 0.98, client.Metrics.CurrentRequestsPerSecond, 6);
        var starts = recorder.Items.Select(r => r.StartedAt).Order().ToArray();
        Assert.True(starts[^1] - starts[0] >= TimeSpan.FromSeconds(2), "five starts under a 2/s server limit span at least 2 s");
    }

    [Fact]
    public async Task GetProfileAsync_Per429_SlowsTheSharedLimiterForOtherCallers()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler((_, call, _) => Task.FromResult(call == 0 ? TooMany(reset: null) : ScriptedHandler.Ok(ProfileJson)));
        using var client = Create(time, handler, o =>
        {
            o.RequestsPerSecond = 10;
            o.Burst = 1;
            o.RateHeadroom = 0;
        });

        var calls = Task.WhenAll(Enumerable.Range(1, 3).Select(id => client.GetProfileAsync(Roster(id), TestClients.Context(new ListRecorder(), agentId: Id(id)), CancellationToken.None)));
        await FakeClock.RunAsync(time, calls, Step, TimeSpan.FromSeconds(30));

        Assert.Equal(10 * 0.8, client.Metrics.LowestRequestsPerSecond, 6); // RateDecreaseFactor 0.8
        Assert.Equal(1, client.Metrics.RateSlowdowns);
        Assert.Equal((1L, 0L), (client.Metrics.ThrottleRetries, client.Metrics.FaultRetries));
    }
}

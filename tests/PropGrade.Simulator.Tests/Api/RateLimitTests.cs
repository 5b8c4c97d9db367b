using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace PropGrade.Simulator.Tests.Api;

[Trait("Category", "Integration")]
public sealed class RateLimitTests
{
    private const string PerSecondBody = "{\"message\":\"You have exceeded the rate limit per second for your plan, BASIC, by the API provider\"}";
    private const string QuotaBody = "{\"message\":\"You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. Upgrade your plan at https://rapidapi.com/apidojo/api/realty-in-us\"}";
    private const string Url = "agents/list?postal_code=07030&limit=1&types=agent";

    private static SimulatorOptions Options(FakeTimeProvider time) => new()
    {
        Agents = 50,
        Today = new DateOnly(2026, 11, 23),
        TimeProvider = time,
    };

    [Fact]
    public async Task RateLimit_BurstOverTheRate_Gets429WithDocumentedBodyAndNoRetryAfter()
    {
        var time = new FakeTimeProvider();
        var options = Options(time);
        options.RatePerSecond = 20; // burst capacity max(1, 20 / 10) = 2
        await using var host = await SimulatorHost.StartAsync(options);
        using var client = new SimClient(host);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            var response = await client.Http.GetAsync(Url);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal(PerSecondBody, await response.Content.ReadAsStringAsync());
                Assert.False(response.Headers.Contains("Retry-After"));
                Assert.Equal("0", response.Headers.GetValues("x-ratelimit-remaining").Single());
                Assert.Equal("20", response.Headers.GetValues("x-ratelimit-limit").Single());
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 4)], statuses);

        time.Advance(TimeSpan.FromMilliseconds(50)); // one token back
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(Url)).StatusCode);
    }

    [Fact]
    public async Task RateLimit_ClientAtTheRate_NeverGets429()
    {
        var time = new FakeTimeProvider();
        var options = Options(time);
        options.RatePerSecond = 20;
        await using var host = await SimulatorHost.StartAsync(options);
        using var client = new SimClient(host);

        for (var i = 0; i < 60; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(Url)).StatusCode);
        }
    }

    [Fact]
    public async Task RateLimit_SendRetryAfter_Adds429RetryAfterSeconds()
    {
        var time = new FakeTimeProvider();
        var options = Options(time);
        options.RatePerSecond = 2;
        options.SendRetryAfter = true;
        await using var host = await SimulatorHost.StartAsync(options);
        using var client = new SimClient(host);

        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(Url)).StatusCode);
        var limited = await client.Http.GetAsync(Url);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task RateLimit_PeriodQuotaUsedUp_Gets429MonthlyBodyThatTimeDoesNotClear()
    {
        var time = new FakeTimeProvider();
        var options = Options(time);
        options.PeriodQuota = 3;
        await using var host = await SimulatorHost.StartAsync(options);
        using var client = new SimClient(host);

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var ok = await client.Http.GetAsync(Url);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("3", ok.Headers.GetValues("x-ratelimit-requests-limit").Single());
            remaining.Add(ok.Headers.GetValues("x-ratelimit-requests-remaining").Single());
        }

        Assert.Equal(["2", "1", "0"], remaining);
        time.Advance(TimeSpan.FromHours(1));
        var over = await client.Http.GetAsync(Url);
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Equal(QuotaBody, await over.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Quota_RequestsReset_CountsDownToThePeriodEndWhenTheQuotaRenews()
    {
        var time = new FakeTimeProvider();
        var options = Options(time);
        options.PeriodQuota = 2;
        options.QuotaPeriod = TimeSpan.FromDays(30);
        await using var host = await SimulatorHost.StartAsync(options);
        using var client = new SimClient(host);

        var first = await client.Http.GetAsync(Url);
        Assert.Equal(((long)TimeSpan.FromDays(30).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            first.Headers.GetValues("x-ratelimit-requests-reset").Single());
        time.Advance(TimeSpan.FromDays(29) + TimeSpan.FromHours(23));
        var second = await client.Http.GetAsync(Url);
        Assert.Equal("3600", second.Headers.GetValues("x-ratelimit-requests-reset").Single());
        Assert.Equal("0", second.Headers.GetValues("x-ratelimit-requests-remaining").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.Http.GetAsync(Url)).StatusCode);

        time.Advance(TimeSpan.FromHours(1));
        var renewed = await client.Http.GetAsync(Url);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Equal("1", renewed.Headers.GetValues("x-ratelimit-requests-remaining").Single());
    }

    [Fact]
    public async Task RateLimit_Configured_AddsTheWindowHeadersToEveryAnsweredRequest()
    {
        var time = new FakeTimeProvider();
        var options = Options(time);
        options.RatePerSecond = 5;
        await using var host = await SimulatorHost.StartAsync(options);
        using var client = new SimClient(host);

        foreach (var url in new[] { Url, "agents/get-profile?advertiser_id=1", "agents/unknown" })
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var response = await client.Http.GetAsync(url);
            Assert.Equal("5", response.Headers.GetValues("x-ratelimit-limit").Single());
            Assert.True(response.Headers.Contains("x-ratelimit-remaining"), url);
            Assert.True(response.Headers.Contains("x-ratelimit-reset"), url);
            Assert.True(response.Headers.Contains("x-ratelimit-requests-reset"), url);
        }

        // Refused before any plan is known: no quota or rate headers at all.
        using var wrong = new SimClient(host, "not-a-key");
        var refused = await wrong.Http.GetAsync(Url);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(refused.Headers.Contains("x-ratelimit-requests-limit"));
    }

    [Fact]
    public async Task RateLimit_RealClock_OverTheRateGets429s()
    {
        // The limiter on the system clock (the default TimeProvider): no sleep here; pacing under the rate gets no 429
        // is RateLimit_ClientAtTheRate_NeverGets429, on a fake clock.
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Agents = 50, Today = new DateOnly(2026, 11, 23), RatePerSecond = 40,
        });
        using var client = new SimClient(host);

        // Over: 40 at once (burst capacity 4).
        var burst = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.Http.GetAsync(Url)));
        Assert.True(burst.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests) >= 20);
        Assert.Contains(burst, r => r.StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task Auth_UnsubscribedKey_Gets403NotSubscribed()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Agents = 50, Today = new DateOnly(2026, 11, 23), UnsubscribedKeys = ["old-key"],
        });
        using var client = new SimClient(host, "old-key");
        var response = await client.Http.GetAsync(Url);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("{\"message\":\"You are not subscribed to this API.\"}", await response.Content.ReadAsStringAsync());
    }
}

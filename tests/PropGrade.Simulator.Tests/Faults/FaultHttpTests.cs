using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace PropGrade.Simulator.Tests.Faults;

/// <summary>
/// Every fault over real HTTP: a faulty simulator and a clean one with the same world; each response of the faulty
/// one is classified by what a client sees (compared with the clean body), and the classification must match the
/// server's request log exactly, with each fault near its configured rate.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FaultHttpTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly TimeSpan Hang = TimeSpan.FromMilliseconds(300);

    private static readonly FaultRates Rates = new()
    {
        Http500 = 0.05, Http502 = 0.05, Http503 = 0.05, Http504 = 0.05, BotDetector403 = 0.05, ConnectionReset = 0.05,
        Hang = 0.02, MalformedJson = 0.05, TruncatedBody = 0.05, HtmlErrorPage = 0.05, EmptyPage = 0.05, RepeatedListing = 0.05,
    };

    [Fact]
    public async Task Faults_EveryKindOverHttp_SeenByClientAsLoggedAndNearItsRate()
    {
        const int requests = 2400;
        await using var clean = await SimulatorHost.StartAsync(new SimulatorOptions { Agents = 600, Seed = 7, Today = Today });
        // The faulty simulator's clock is fake: a hang answers only once the clock has moved Hang past its start, so
        // "late" is measured on that clock, never on the wall clock.
        var time = new FakeTimeProvider();
        await using var faulty = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Agents = 600, Seed = 7, Today = Today, Faults = Rates, FaultSeed = 99, HangDuration = Hang, TimeProvider = time,
        });
        using var reference = new SimClient(clean);
        using var client = new SimClient(faulty);
        client.Http.DefaultRequestHeaders.ConnectionClose = true; // a reset must not be retried on a pooled connection

        // Page 2 of agents with more than 10 sold listings: every fault can apply to it.
        var urls = new List<(string Url, string Body, string PreviousLastId)>();
        var markets = (await reference.GetOkAsync("__sim/markets")).GetProperty("markets").EnumerateArray()
            .Select(m => m.GetProperty("postal_code").GetString()!).ToList();
        foreach (var zip in markets)
        {
            if (urls.Count >= 60)
            {
                break;
            }

            foreach (var agent in await reference.MarketAgentsAsync(zip))
            {
                if (urls.Count >= 60 || agent.GetProperty("mls").GetArrayLength() == 0
                    || agent.GetProperty("recently_sold").GetProperty("count").GetInt32() < 4)
                {
                    continue;
                }

                var page1 = SimClient.Envelope(await reference.GetOkAsync(SimClient.ListingsUrl(agent, "forSold", 1)), "forSold");
                if (page1.GetProperty("total").GetInt32() > 10)
                {
                    var url = SimClient.ListingsUrl(agent, "forSold", 2);
                    var body = Encoding.UTF8.GetString(await reference.GetBytesAsync(url));
                    urls.Add((url, body, page1.GetProperty("results")[9].GetProperty("listing_id").GetString()!));
                }
            }
        }

        Assert.True(urls.Count >= 20, $"only {urls.Count} agents with two pages");
        var seen = new Dictionary<string, int>();
        using var gate = new SemaphoreSlim(16);
        var tasks = Enumerable.Range(0, requests).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var (url, body, previousLast) = urls[i % urls.Count];
                var kind = await ClassifyAsync(client.Http, url, body, previousLast, time);
                lock (seen)
                {
                    seen[kind] = seen.GetValueOrDefault(kind) + 1;
                }
            }
            finally
            {
                gate.Release();
            }
        });
        var all = Task.WhenAll(tasks);
        // Releases the hangs: the fake clock moves a hang's length every few milliseconds until every request is answered.
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(5));
            time.Advance(Hang);
        }

        await all;

        var log = await reference.GetOkAsync(faulty.BaseAddress + "__sim/requests");
        var logged = log.GetProperty("requests").EnumerateArray()
            .GroupBy(r => r.GetProperty("fault").GetString() ?? "none")
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(requests, logged.Values.Sum());

        foreach (var name in new[]
                 {
                     "http_500", "http_502", "http_503", "http_504", "bot_detector_403", "connection_reset",
                     "malformed_json", "truncated_body", "html_error_page", "empty_page", "repeated_listing",
                 })
        {
            Assert.True(seen.GetValueOrDefault(name) == logged.GetValueOrDefault(name),
                $"{name}: client saw {seen.GetValueOrDefault(name)}, server logged {logged.GetValueOrDefault(name)}");
        }

        var cleanAnswers = seen.GetValueOrDefault("clean") + seen.GetValueOrDefault("clean_slow");
        Assert.Equal(logged.GetValueOrDefault("none") + logged.GetValueOrDefault("hang"), cleanAnswers);
        Assert.True(seen.GetValueOrDefault("clean_slow") >= logged.GetValueOrDefault("hang"),
            $"{logged.GetValueOrDefault("hang")} hangs logged but only {seen.GetValueOrDefault("clean_slow")} clean answers were late");
        Assert.Equal(requests, seen.Values.Sum());

        var rateOf = new Dictionary<string, double>
        {
            ["http_500"] = Rates.Http500, ["http_502"] = Rates.Http502, ["http_503"] = Rates.Http503, ["http_504"] = Rates.Http504,
            ["bot_detector_403"] = Rates.BotDetector403, ["connection_reset"] = Rates.ConnectionReset, ["hang"] = Rates.Hang,
            ["malformed_json"] = Rates.MalformedJson, ["truncated_body"] = Rates.TruncatedBody, ["html_error_page"] = Rates.HtmlErrorPage,
            ["empty_page"] = Rates.EmptyPage, ["repeated_listing"] = Rates.RepeatedListing,
        };
        foreach (var (name, p) in rateOf)
        {
            // Stated tolerance: 4.5 binomial standard deviations.
            var n = logged.GetValueOrDefault(name);
            var tolerance = 4.5 * Math.Sqrt(requests * p * (1 - p));
            Assert.True(Math.Abs(n - (requests * p)) <= tolerance, $"{name}: {n} of {requests}, expected {requests * p:0} +- {tolerance:0}");
        }

        var stats = await reference.GetOkAsync(faulty.BaseAddress + "__sim/stats");
        Assert.Equal(requests, stats.GetProperty("total").GetInt64());
        Assert.Equal(logged["http_503"], stats.GetProperty("faults").GetProperty("http_503").GetInt32());
        Assert.Equal(logged["http_503"], stats.GetProperty("by_endpoint").GetProperty("/agents/get-listings").GetProperty("503").GetInt32());
    }

    [Fact]
    public async Task Faults_OnlyOnAgentsEndpoints_NeverOnSimRoutes()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Agents = 50, Today = Today, Faults = FaultRates.None with { Http503 = 1.0 },
        });
        using var client = new SimClient(host);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.Http.GetAsync("agents/list?postal_code=07030&types=agent")).StatusCode);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("__sim/markets")).StatusCode);
        }

        // A bad request is answered as such, never faulted.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync("agents/get-profile?advertiser_id=x&nrds_id=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("agents/get-profile?advertiser_id=1000001&nrds_id=1")).StatusCode);
    }

    private static async Task<string> ClassifyAsync(HttpClient http, string url, string cleanBody, string previousLastId, TimeProvider time)
    {
        var started = time.GetTimestamp();
        HttpResponseMessage response;
        string text;
        try
        {
            response = await http.GetAsync(url);
            text = await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException)
        {
            return "connection_reset";
        }

        switch ((int)response.StatusCode)
        {
            case 500: return "http_500";
            case 502: return "http_502";
            case 503: return "http_503";
            case 504: return "http_504";
            case 403 when text.Contains("bot detector", StringComparison.Ordinal): return "bot_detector_403";
            case 200: break;
            default: return $"unexpected_{(int)response.StatusCode}";
        }

        if (response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            return "html_error_page";
        }

        if (text == cleanBody)
        {
            // A hang is the clean body, late on the simulator's (fake) clock. A clean answer can straddle a move of
            // that clock too, so "late" is a lower bound: the caller checks that at least every logged hang was late.
            return time.GetElapsedTime(started) >= Hang ? "clean_slow" : "clean";
        }

        if (text.Length < cleanBody.Length && cleanBody.StartsWith(text, StringComparison.Ordinal))
        {
            return "truncated_body";
        }

        JsonElement body;
        try
        {
            using var doc = JsonDocument.Parse(text);
            body = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return "malformed_json";
        }

        var envelope = SimClient.Envelope(body, "forSold");
        var listings = envelope.GetProperty("results");
        var cleanEnvelope = SimClient.Envelope(JsonDocument.Parse(cleanBody).RootElement, "forSold");
        var cleanCount = cleanEnvelope.GetProperty("results").GetArrayLength();
        if (listings.GetArrayLength() != envelope.GetProperty("count").GetInt32()
            || envelope.GetProperty("total").GetInt32() != cleanEnvelope.GetProperty("total").GetInt32())
        {
            return "inconsistent_envelope";
        }

        if (listings.GetArrayLength() == 0 && cleanCount > 0)
        {
            return "empty_page";
        }

        if (listings.GetArrayLength() == cleanCount + 1 && listings[0].GetProperty("listing_id").GetString() == previousLastId)
        {
            return "repeated_listing";
        }

        return "unexplained";
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.Core.Secrets;
using PropGrade.ListingApi;
using PropGrade.Simulator;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// <c>propgrade bench client [--rate 50] [--latency-ms 20] [--pages 500] [--concurrency 16]</c>: starts the simulator
/// in-process with a per-second rate limit R and a fixed latency, configures the client at the same R, fetches a
/// fixed set of listing pages, and prints requests, 429s, retries, wall time, the bound 1.10 x pages / R and the
/// ratio: once with Retry-After on the 429s, once without. Exit 0 when both runs meet the targets
/// (wall &lt;= bound, 429s &lt;= 1 % of requests), 1 otherwise.
/// </summary>
internal static class ClientBenchCommand
{
    private const double WallFactor = 1.10;
    private const double Max429Share = 0.01;

    public static Command Create()
    {
        var rate = new Option<double>("--rate") { Description = "Simulator per-second limit R; the client is set to the same rate", DefaultValueFactory = _ => 50 };
        var latency = new Option<int>("--latency-ms") { Description = "Simulator latency per request, ms", DefaultValueFactory = _ => 20 };
        var pages = new Option<int>("--pages") { Description = "Listing pages to fetch per run", DefaultValueFactory = _ => 500 };
        var concurrency = new Option<int>("--concurrency") { Description = "Pages in flight at once", DefaultValueFactory = _ => 16 };
        var rawGroups = new Option<int>("--raw-groups") { Description = "Agent groups (4 exchanges each) to commit to the file raw store (0 = skip)", DefaultValueFactory = _ => 10_000 };
        var command = new Command("client", "Benchmark the listing client against the rate-limited simulator (Retry-After on, then off), and the raw store.")
        {
            rate, latency, pages, concurrency, rawGroups,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new Settings(parse.GetValue(rate), parse.GetValue(latency), parse.GetValue(pages), parse.GetValue(concurrency), parse.GetValue(rawGroups));
            if (settings.Rate <= 0 || settings.LatencyMs < 0 || settings.Pages < 1 || settings.Concurrency < 1 || settings.RawGroups < 0)
            {
                Console.Error.WriteLine("propgrade bench client: --rate, --pages and --concurrency must be positive, --latency-ms not negative.");
                return 2;
            }

            return await RunAsync(settings, Console.Out, ct) ? 0 : 1;
        });
        return command;
    }

    internal static async Task<bool> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench client: simulator R = {settings.Rate} req/s, latency {settings.LatencyMs} ms, {settings.Pages} listing pages, {settings.Concurrency} in flight; client configured at R"));
        var targets = await DiscoverTargetsAsync(settings, cancellationToken);
        var allPass = true;
        foreach (var retryAfter in new[] { true, false })
        {
            var result = await MeasureAsync(settings, targets, retryAfter, cancellationToken);
            var ideal = settings.Pages / settings.Rate;
            var bound = WallFactor * ideal;
            var share = result.Requests == 0 ? 0 : (double)result.Throttled / result.Requests;
            var pass = result.Wall.TotalSeconds <= bound && share <= Max429Share && result.Failed == 0;
            allPass &= pass;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  retry-after {(retryAfter ? "on " : "off")}: requests {result.Requests} (server saw {result.ServerRequests}), 429s {result.Throttled} ({share:P2}), retries {result.Retries}, failed pages {result.Failed}, " +
                $"wall {result.Wall.TotalSeconds:0.000} s, bound {bound:0.000} s (1.10 x {settings.Pages}/{settings.Rate}), ratio {result.Wall.TotalSeconds / ideal:0.000} x pages/R, lowest client rate {result.LowestRate:0.#} req/s -> {(pass ? "PASS" : "FAIL")}"));
        }

        if (settings.RawGroups > 0)
        {
            await MeasureRawStoreAsync(settings, targets, output, cancellationToken);
        }

        return allPass;
    }

    /// <summary>
    /// The file raw store under many concurrent commits: <c>--raw-groups</c> agent groups of 4 exchanges, each with a
    /// real listing-page body, committed 16 at a time with fsync, then read back.
    /// </summary>
    private static async Task MeasureRawStoreAsync(Settings settings, IReadOnlyList<ListingsKey> targets, TextWriter output, CancellationToken cancellationToken)
    {
        byte[] body;
        await using (var sim = await SimulatorHost.StartAsync(WorldOptions(settings, rate: 0, retryAfter: false), cancellationToken))
        {
            using var http = new HttpClient { BaseAddress = sim.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Get, $"agents/get-listings?fulfillment_id={Uri.EscapeDataString(targets[0].AdvertiserId)}&id={Uri.EscapeDataString(targets[0].MlsAbbreviation)}&agent_id={Uri.EscapeDataString(targets[0].MlsMemberId)}&type=forSold&page=1");
            request.Headers.Add("X-RapidAPI-Key", sim.Options.ApiKey);
            request.Headers.Add("X-RapidAPI-Host", sim.Options.Host);
            using var response = await http.SendAsync(request, cancellationToken);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var dataDir = Path.Combine(Path.GetTempPath(), "propgrade-bench-raw-" + Guid.NewGuid().ToString("N"));
        try
        {
            var headers = new Dictionary<string, string> { ["content-type"] = "application/json", ["x-ratelimit-remaining"] = "4" };
            var clock = Stopwatch.StartNew();
            await using (var store = new Local.Audit.FileRawStore(dataDir))
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, settings.RawGroups), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
                {
                    await using var group = store.OpenGroup("bench", "agent-" + i);
                    for (var attempt = 1; attempt <= 4; attempt++)
                    {
                        group.Record(new RawExchange("bench", "sold", i.ToString(CultureInfo.InvariantCulture), attempt, 1, "GET", $"/agents/get-listings?fulfillment_id={i}&type=forSold&page={attempt}", 200, headers, body, DateTimeOffset.UnixEpoch, 20, "ok", null));
                    }

                    await group.CommitAsync(ct);
                });
            }

            var write = clock.Elapsed;
            var bytes = Directory.GetFiles(dataDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            clock.Restart();
            long read = 0;
            await foreach (var _ in new Local.Audit.FileRawStore(dataDir).ReadAsync("bench", cancellationToken))
            {
                read++;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  raw store: {settings.RawGroups} groups x 4 exchanges ({body.Length} B bodies) committed with fsync in {write.TotalSeconds:0.000} s ({settings.RawGroups / write.TotalSeconds:0} groups/s), " +
                $"{bytes / 1024.0 / 1024.0:0.0} MiB on disk, read back {read} records in {clock.Elapsed.TotalSeconds:0.000} s"));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Agents' listing ids (advertiser id and MLS ids), from a throwaway unthrottled simulator of the same world.</summary>
    private static async Task<IReadOnlyList<ListingsKey>> DiscoverTargetsAsync(Settings settings, CancellationToken cancellationToken)
    {
        await using var sim = await SimulatorHost.StartAsync(WorldOptions(settings, rate: 0, retryAfter: false), cancellationToken);
        using var client = CreateClient(sim, rate: 10_000);
        var ids = new List<ListingsKey>();
        var context = new FetchContext("bench", "discover", null, NullRawRecorder.Instance);
        foreach (var market in await MarketsAsync(sim, cancellationToken))
        {
            for (var offset = 0; ;)
            {
                var page = await client.GetAgentPageAsync(market, offset, context, cancellationToken);
                ids.AddRange(page.Agents.Select(a => a.PrimaryListingsKey()).OfType<ListingsKey>());
                offset += page.Limit;
                if (page.Agents.Count == 0 || offset >= page.MatchingRows)
                {
                    break;
                }
            }

            if (ids.Count >= settings.Pages)
            {
                break;
            }
        }

        return ids;
    }

    private static async Task<Measurement> MeasureAsync(Settings settings, IReadOnlyList<ListingsKey> targets, bool retryAfter, CancellationToken cancellationToken)
    {
        await using var sim = await SimulatorHost.StartAsync(WorldOptions(settings, settings.Rate, retryAfter), cancellationToken);
        using var client = CreateClient(sim, settings.Rate);
        var context = new FetchContext("bench", "sold", null, NullRawRecorder.Instance);
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, settings.Pages),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var page = 1 + (i / targets.Count);
                try
                {
                    await client.GetListingPageAsync(targets[i % targets.Count], ListingKind.ForSold, page, 0, context, ct);
                }
                catch (ListingApiException)
                {
                    Interlocked.Increment(ref failed);
                }
            });
        clock.Stop();
        var server = await ServerTotalAsync(sim, cancellationToken);
        return new Measurement(client.Metrics.RequestsSent, server, client.Metrics.Throttled, client.Metrics.Retries, failed, clock.Elapsed, client.Metrics.LowestRequestsPerSecond);
    }

    private static SimulatorOptions WorldOptions(Settings settings, double rate, bool retryAfter) => new()
    {
        Agents = Math.Max(2000, settings.Pages),
        Seed = 42,
        Today = new DateOnly(2026, 11, 23),
        RatePerSecond = rate,
        SendRetryAfter = retryAfter,
        Latency = TimeSpan.FromMilliseconds(rate > 0 ? settings.LatencyMs : 0),
        Faults = FaultRates.None,
    };

    private static ListingApiClient CreateClient(SimulatorHost sim, double rate) => new(
        new ListingApiOptions
        {
            BaseAddress = sim.BaseAddress,
            Host = sim.Options.Host,
            RequestsPerSecond = rate,
            MaxConnections = 64,
        },
        new StaticKey(sim.Options.ApiKey));

    private static async Task<IReadOnlyList<string>> MarketsAsync(SimulatorHost sim, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(sim.BaseAddress, "__sim/markets"), cancellationToken));
        return [.. doc.RootElement.GetProperty("markets").EnumerateArray().Select(m => m.GetProperty("postal_code").GetString()!)];
    }

    private static async Task<long> ServerTotalAsync(SimulatorHost sim, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(sim.BaseAddress, "__sim/stats"), cancellationToken));
        return doc.RootElement.GetProperty("total").GetInt64();
    }

    internal sealed record Settings(double Rate, int LatencyMs, int Pages, int Concurrency, int RawGroups);

    private sealed record Measurement(long Requests, long ServerRequests, long Throttled, long Retries, int Failed, TimeSpan Wall, double LowestRate);

    private sealed class StaticKey(string key) : IApiKeyProvider
    {
        public ValueTask<string> GetApiKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(key);
    }
}

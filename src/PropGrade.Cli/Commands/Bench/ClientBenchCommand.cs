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
/// <c>propgrade bench client [--cases 5:0,5:20,5:100,50:100,50:20] [--seconds 40] [--calls N] [--repeat 1]
/// [--concurrency 16] [--retry-after] [--raw-groups 10000]</c> (or <c>--rate R --latency-ms L</c> for one case): for each
/// case starts the simulator in-process at the plan's per-second limit R (token bucket, burst max(1, R/10)) with a
/// fixed latency and NO Retry-After, configures the client at the same R (its defaults otherwise: burst 1, 2 %
/// headroom), fetches a fixed set of listing pages 16 in flight and prints wall / (calls / R) and the share of requests
/// answered 429. Targets: wall &lt;= 1.03 x calls/R, 429s &lt;= 0.5 % of requests, no failed call. Exit 0 when every
/// case meets them, 1 otherwise. Then the raw store under concurrent commits.
/// </summary>
internal static class ClientBenchCommand
{
    private const double WallFactor = 1.03;
    private const double Max429Share = 0.005;
    private const string DefaultCases = "5:0,5:20,5:100,50:100,50:20";

    public static Command Create()
    {
        var cases = new Option<string>("--cases") { Description = "Cases as rate:latencyMs, comma-separated", DefaultValueFactory = _ => DefaultCases };
        var rate = new Option<double?>("--rate") { Description = "One case at this plan rate R (with --latency-ms) instead of --cases" };
        var latency = new Option<int>("--latency-ms") { Description = "Latency of the one --rate case, ms", DefaultValueFactory = _ => 20 };
        var seconds = new Option<double>("--seconds") { Description = "Length of each case at its ideal pace: calls = R x seconds", DefaultValueFactory = _ => 40 };
        var calls = new Option<int?>("--calls") { Description = "Calls per case (overrides --seconds)" };
        var repeat = new Option<int>("--repeat") { Description = "Run every case this many times", DefaultValueFactory = _ => 1 };
        var concurrency = new Option<int>("--concurrency") { Description = "Calls in flight at once", DefaultValueFactory = _ => 16 };
        var retryAfter = new Option<bool>("--retry-after") { Description = "Also run every case with Retry-After on the 429s" };
        var rawGroups = new Option<int>("--raw-groups") { Description = "Agent groups (4 exchanges each) to commit to the file raw store (0 = skip)", DefaultValueFactory = _ => 10_000 };
        var command = new Command("client", "Benchmark the listing client's pacing against the rate-limited simulator (Retry-After off), and the raw store.")
        {
            cases, rate, latency, seconds, calls, repeat, concurrency, retryAfter, rawGroups,
        };
        command.SetAction(async (parse, ct) =>
        {
            var list = parse.GetValue(rate) is { } r ? [new BenchCase(r, parse.GetValue(latency))] : ParseCases(parse.GetValue(cases));
            var settings = new Settings(list ?? [], parse.GetValue(seconds), parse.GetValue(calls), parse.GetValue(repeat), parse.GetValue(concurrency), parse.GetValue(retryAfter), parse.GetValue(rawGroups));
            if (list is null || list.Count == 0 || list.Any(c => c.Rate <= 0 || c.LatencyMs < 0) || settings.Seconds <= 0 || settings.Calls is < 1
                || settings.Repeat < 1 || settings.Concurrency < 1 || settings.RawGroups < 0)
            {
                Console.Error.WriteLine("propgrade bench client: --cases must be rate:latencyMs pairs (rate > 0, latency >= 0); --seconds, --calls, --repeat and --concurrency must be positive; --raw-groups not negative.");
                return 2;
            }

            return await RunAsync(settings, Console.Out, ct) ? 0 : 1;
        });
        return command;
    }

    internal static IReadOnlyList<BenchCase>? ParseCases(string? text)
    {
        var list = new List<BenchCase>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split(':');
            if (pair.Length != 2
                || !double.TryParse(pair[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var r)
                || !int.TryParse(pair[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            {
                return null;
            }

            list.Add(new BenchCase(r, l));
        }

        return list;
    }

    internal static async Task<bool> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench client: simulator at the plan's rate R (token bucket, burst max(1, R/10)), client configured at R (defaults: burst 1, headroom 2 %), {settings.Concurrency} calls in flight, listing pages; targets wall <= {WallFactor:0.00} x calls/R, 429s <= {Max429Share:P1} of requests"));
        var maxCalls = settings.Cases.Max(settings.CallsFor);
        var world = Math.Max(2000, maxCalls);
        var targets = await DiscoverTargetsAsync(world, maxCalls, cancellationToken);
        var allPass = true;
        foreach (var benchCase in settings.Cases)
        {
            foreach (var retryAfter in settings.RetryAfterToo ? new[] { false, true } : [false])
            {
                for (var run = 1; run <= settings.Repeat; run++)
                {
                    var calls = settings.CallsFor(benchCase);
                    var result = await MeasureAsync(benchCase, calls, settings.Concurrency, world, targets, retryAfter, cancellationToken);
                    var ideal = calls / benchCase.Rate;
                    var ratio = result.Wall.TotalSeconds / ideal;
                    var share = result.Requests == 0 ? 0 : (double)result.Throttled / result.Requests;
                    var pass = ratio <= WallFactor && share <= Max429Share && result.Failed == 0;
                    allPass &= pass;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  R={benchCase.Rate,-4} latency {benchCase.LatencyMs,3} ms{(retryAfter ? " retry-after on " : "")} run {run}: calls {calls}, requests {result.Requests} (server saw {result.ServerRequests}), " +
                        $"429s {result.Throttled} ({share:P2}), retries {result.Retries}, failed {result.Failed}, wall {result.Wall.TotalSeconds:0.000} s for ideal {ideal:0.000} s " +
                        $"-> ratio {ratio:0.000} x calls/R, client rate {result.CurrentRate:0.###} (lowest {result.LowestRate:0.###}) req/s -> {(pass ? "PASS" : "FAIL")}"));
                }
            }
        }

        if (settings.RawGroups > 0)
        {
            await MeasureRawStoreAsync(settings, world, targets, output, cancellationToken);
        }

        return allPass;
    }

    /// <summary>
    /// The file raw store under many concurrent commits: <c>--raw-groups</c> agent groups of 4 exchanges, each with a
    /// real listing-page body, committed 16 at a time with fsync, then read back.
    /// </summary>
    private static async Task MeasureRawStoreAsync(Settings settings, int world, IReadOnlyList<ListingsKey> targets, TextWriter output, CancellationToken cancellationToken)
    {
        byte[] body;
        await using (var sim = await SimulatorHost.StartAsync(WorldOptions(world, rate: 0, latencyMs: 0, retryAfter: false), cancellationToken))
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

    /// <summary>Agents' listing ids (advertiser id and MLS ids) from a throwaway unthrottled simulator of the same world (one per call, pages 1.. when calls exceed ids).</summary>
    private static async Task<IReadOnlyList<ListingsKey>> DiscoverTargetsAsync(int world, int calls, CancellationToken cancellationToken)
    {
        await using var sim = await SimulatorHost.StartAsync(WorldOptions(world, rate: 0, latencyMs: 0, retryAfter: false), cancellationToken);
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

            if (ids.Count >= calls)
            {
                break;
            }
        }

        return ids;
    }

    private static async Task<Measurement> MeasureAsync(BenchCase benchCase, int calls, int concurrency, int world, IReadOnlyList<ListingsKey> targets, bool retryAfter, CancellationToken cancellationToken)
    {
        await using var sim = await SimulatorHost.StartAsync(WorldOptions(world, benchCase.Rate, benchCase.LatencyMs, retryAfter), cancellationToken);
        using var client = CreateClient(sim, benchCase.Rate);
        var context = new FetchContext("bench", "sold", null, NullRawRecorder.Instance);
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, calls),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
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
        var m = client.Metrics;
        return new Measurement(m.RequestsSent, server, m.Throttled, m.Retries, failed, clock.Elapsed, m.CurrentRequestsPerSecond, m.LowestRequestsPerSecond);
    }

    private static SimulatorOptions WorldOptions(int agents, double rate, int latencyMs, bool retryAfter) => new()
    {
        Agents = agents,
        Seed = 42,
        Today = new DateOnly(2026, 11, 23),
        RatePerSecond = rate,
        SendRetryAfter = retryAfter,
        Latency = TimeSpan.FromMilliseconds(latencyMs),
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

    internal sealed record BenchCase(double Rate, int LatencyMs);

    internal sealed record Settings(IReadOnlyList<BenchCase> Cases, double Seconds, int? Calls, int Repeat, int Concurrency, bool RetryAfterToo, int RawGroups)
    {
        public int CallsFor(BenchCase benchCase) => Calls ?? Math.Max(1, (int)Math.Round(benchCase.Rate * Seconds));
    }

    private sealed record Measurement(long Requests, long ServerRequests, long Throttled, long Retries, int Failed, TimeSpan Wall, double CurrentRate, double LowestRate);

    private sealed class StaticKey(string key) : IApiKeyProvider
    {
        public ValueTask<string> GetApiKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(key);
    }
}

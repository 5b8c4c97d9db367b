using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Local;
using PropGrade.Local.Web;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// The results-table benchmark: a finished run of N synthetic graded agents (names, offices and cities from small
/// lists so that searches match a realistic share; 64 markets; tiers A 5 %, B 15 %, C 30 %, Unranked 50 %; every
/// movement) is stored with its agents index, exactly as a run's aggregation writes it; then <c>propgrade serve</c>'s
/// server (<see cref="LocalServer"/>, real HTTP on 127.0.0.1 with the bearer token) answers
/// <c>GET /runs/{id}/agents</c> with a filter, a search and a sort, many times. Prints the index build time and size,
/// then the median and p95 of the requests (per query shape and over all), against the target median ≤ 100 ms.
/// </summary>
internal sealed class AgentsBench(int agents, int requests, string dataDir, TextWriter output)
{
    /// <summary>The target median of a filtered, searched, sorted page.</summary>
    public static readonly TimeSpan TargetMedian = TimeSpan.FromMilliseconds(100);

    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly string[] First = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Maria", "Wei", "Aisha", "Olga", "Kenji"];
    private static readonly string[] Last = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson"];
    private static readonly string[] Brands = ["Keller Williams", "Coldwell Banker", "Compass", "RE/MAX", "Century 21", "Sotheby's International Realty", "Berkshire Hathaway HomeServices", "eXp Realty", "Redfin", "Douglas Elliman", "Independent"];
    private static readonly string[] Cities = ["Hoboken", "Jersey City", "Beverly Hills", "Austin", "Miami", "Seattle", "Denver", "Boston", "Chicago", "Phoenix", "Atlanta", "Portland", "Nashville", "San Diego", "Dallas", "Tampa"];

    /// <summary>The query shapes measured, in turn (each a filter + a search + a sort; the search word rotates).</summary>
    private static readonly (string Name, Func<int, string> Query)[] Shapes =
    [
        ("tier + search + sort by volume", i => $"tier=B&q={Word(i)}&sort=-soldVolume"),
        ("market + movement + sort by name", i => $"market={Market(i)}&movement=up&sort=name"),
        ("search + incomplete=false + sort by sides, page 3", i => $"q={Word(i)}&incomplete=false&sort=-soldSides&page=3"),
        ("tier Unranked + search + sort by office", i => $"tier=Unranked&q={Word(i + 3)}&sort=office"),
        ("movement down + search + sort by volume", i => $"movement=down&q={Word(i + 5)}&sort=-volume"),
    ];

    public async Task<bool> RunAsync(CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var options = new LocalEngineOptions { DataDir = dataDir, RawStoreFactory = _ => null, Simulator = new Simulator.SimulatorOptions { Agents = 50 } };
        string runId;
        TimeSpan build;
        await using (var engine = new LocalEngine(options))
        {
            var request = new RunDefaults(Today, [.. Enumerable.Range(0, 64).Select(Market)]).CreateDefaultRequest();
            var plan = GradingPlan.From(request, Today);
            runId = RunIds.New(TimeProvider.System);
            var rows = Rows(plan).ToList();
            await engine.Runs.CreateAsync(new RunRecord(runId, RunStatus.Queued, request, RunTrigger.Cli, TimeProvider.System.GetUtcNow(), null, null,
                new RunCounters(AgentsDiscovered: agents), new Dictionary<string, int>(), null, [], Today, null, RunRecord.CurrentListingApiRevision), ct);
            var clock = Stopwatch.StartNew();
            await engine.AgentsIndex.WriteAsync(runId, plan, rows, ct);
            build = clock.Elapsed;
            var counts = rows.GroupBy(r => r.Tier).ToDictionary(g => g.Key, g => g.Count());
            await engine.Runs.FinishAsync(runId, new RunOutcome(RunStatus.Succeeded, TimeProvider.System.GetUtcNow(), counts, [], null), ct);
            var size = new FileInfo(engine.AgentsIndex.PathOf(runId)).Length;
            await output.WriteLineAsync(string.Create(inv,
                $"propgrade bench agents: {agents:N0} graded agents ({string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value:N0}"))}), {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {BenchMachine.LoadAverage()}"));
            await output.WriteLineAsync(string.Create(inv, $"  index built in {build.TotalSeconds:0.00} s ({agents / Math.Max(build.TotalSeconds, 1e-9):N0} rows/s), {size / 1048576.0:0.0} MB ({(double)size / Math.Max(agents, 1):0} B/agent)"));
        }

        await using var server = await LocalServer.StartAsync(options, new LocalWebHostOptions { Port = 0 }, null, null, ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        var path = $"/runs/{runId}/agents?";
        for (var i = 0; i < 5; i++)
        {
            await GetAsync(http, path + Shapes[i % Shapes.Length].Query(i), ct); // warm-up: connection, JIT, page cache
        }

        var all = new List<double>();
        var byShape = Shapes.Select(_ => new List<double>()).ToArray();
        long matched = 0;
        for (var i = 0; i < requests; i++)
        {
            var shape = i % Shapes.Length;
            var clock = Stopwatch.StartNew();
            matched += await GetAsync(http, path + Shapes[shape].Query(i / Shapes.Length), ct);
            var ms = clock.Elapsed.TotalMilliseconds;
            all.Add(ms);
            byShape[shape].Add(ms);
        }

        for (var s = 0; s < Shapes.Length; s++)
        {
            await output.WriteLineAsync(string.Create(inv, $"  {Shapes[s].Name,-52} median {Percentile(byShape[s], 0.5),6:0.0} ms, p95 {Percentile(byShape[s], 0.95),6:0.0} ms ({byShape[s].Count} requests)"));
        }

        var median = Percentile(all, 0.5);
        var pass = median <= TargetMedian.TotalMilliseconds;
        await output.WriteLineAsync(string.Create(inv,
            $"[agents] GET /runs/{{id}}/agents, filter + search + sort, {requests} requests over HTTP: median {median:0.0} ms, p95 {Percentile(all, 0.95):0.0} ms, max {all.Max():0.0} ms; {matched / Math.Max(requests, 1):N0} matching rows per request on average (target median <= {TargetMedian.TotalMilliseconds:0} ms)  {(pass ? "PASS" : "FAIL")}"));
        return pass;
    }

    private static async Task<long> GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("total").GetInt64();
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Word(int i) => (i % 4) switch
    {
        0 => Last[i % Last.Length].ToLowerInvariant(),
        1 => First[i % First.Length][..3].ToLowerInvariant(),
        2 => Cities[i % Cities.Length].ToLowerInvariant(),
        _ => Brands[i % Brands.Length].Split(' ')[0].ToLowerInvariant(),
    };

    private static string Market(int i) => (7000 + (i % 64) * 13).ToString("00000", CultureInfo.InvariantCulture);

    private IEnumerable<GradedRow> Rows(GradingPlan plan)
    {
        string[] movements = ["up", "down", "same", "same", "same", "new", ""];
        var tierNames = plan.Tiers.Select(t => t.Name).ToArray();
        var random = new Random(42);
        var generated = new List<GradedRow>(agents);
        for (var id = 0; id < agents; id++)
        {
            var roll = random.NextDouble();
            var (tier, volume) = roll < 0.05 ? (tierNames[0], 40_000_000m + random.Next(0, 60_000_000))
                : roll < 0.20 ? (tierNames[1], 16_000_000m + random.Next(0, 24_000_000))
                : roll < 0.50 ? (tierNames[2], 5_000_000m + random.Next(0, 11_000_000))
                : (GradingPlan.Unranked, (decimal)random.Next(0, 5_000_000));
            var name = $"{First[random.Next(First.Length)]} {Last[random.Next(Last.Length)]}";
            var city = Cities[random.Next(Cities.Length)];
            var complete = random.Next(50) != 0;
            generated.Add(new GradedRow(
                (2_000_000 + id).ToString(CultureInfo.InvariantCulture), (2_000_000 + id).ToString(CultureInfo.InvariantCulture), name,
                random.Next(10) == 0 ? null : $"{Brands[random.Next(Brands.Length)]} {city}", tier,
                volume, random.Next(0, 80) + (random.Next(2) == 0 ? 0.5m : 0m), 0m, 0m, tierNames[random.Next(tierNames.Length)],
                complete, complete ? StopReasons.WindowEnd : StopReasons.DepthCap, 1 + random.Next(19), movements[random.Next(movements.Length)],
                Market(random.Next(64)), random.Next(3), false, 0,
                new AgentContact(null, "555-0100", null, $"agent{id}@example.com", null, Brands[random.Next(Brands.Length)], city, "NJ", null)));
        }

        // Export order, as the aggregation writes the index: tier, then volume (highest first), then id.
        var rank = tierNames.Append(GradingPlan.Unranked).Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        return generated.OrderBy(r => rank[r.Tier]).ThenByDescending(r => r.SoldVolume).ThenBy(r => r.AdvertiserId.Length).ThenBy(r => r.AdvertiserId, StringComparer.Ordinal);
    }
}

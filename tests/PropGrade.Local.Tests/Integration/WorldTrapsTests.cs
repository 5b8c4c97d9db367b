using System.Net.Http.Headers;
using System.Text.Json;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Simulator;

namespace PropGrade.Local.Tests.Integration;

/// <summary>
/// Dedicated simulator worlds for two traps of listing-API contract revision 2, over HTTP: active listings that all
/// carry the property's previous sale inside the window (never credited), and an <c>offset</c> cap on
/// <c>/agents/list</c> (markets reported truncated, never silently short).
/// </summary>
[Trait("Category", "Integration")]
public sealed class WorldTrapsTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly List<string> _dirs = [];

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private LocalEngine Engine(SimulatorOptions simulator)
    {
        var dir = Directory.CreateTempSubdirectory("pg-traps-").FullName;
        _dirs.Add(dir);
        return new LocalEngine(new LocalEngineOptions { DataDir = dir, Simulator = simulator, Concurrency = 16, BatchSize = 20, RawStoreFactory = _ => null });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecuteAsync_EveryActiveListingCarriesAPreviousSaleInTheWindow_NoAgentIsCreditedWithIt(bool includeActive)
    {
        await using var engine = Engine(new SimulatorOptions
        {
            Agents = 2_000,
            Today = Today,
            RequestLogCapacity = 0,
            Traits = WorldTraits.Default with { PreviousSaleRate = 1.0, PreviousSaleInWindowRate = 1.0 },
        });
        var request = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest() with { IncludeActive = includeActive };
        var runId = await engine.SubmitAsync(request, RunTrigger.Cli, default);

        await engine.ExecuteAsync(runId, null, default);

        // The trap is there: active listings of this world carry sold_date/sold_price inside the window.
        Assert.True(await PreviousSalesInWindowAsync(engine, request) > 0, "the world should carry previous sales inside the window on active listings");
        var plan = GradingPlan.From(request, Today);
        var truth = await SimOracle.TruthAsync(engine.Simulator!.BaseAddress, plan);
        var results = await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync();
        Assert.Equal(truth.Count, results.Count);
        var wrong = results.Where(r =>
        {
            var t = truth[r.AdvertiserId];
            return r.Tier != t.Tier || r.StopReason != t.StopReason || r.Complete != t.Complete || r.Calls != t.MinCalls
                || (r.StopReason is StopReasons.WindowEnd or StopReasons.EndOfData
                    && (r.SoldVolume != t.SoldVolume || r.SoldSides != t.SoldSides || (includeActive && r.ActiveVolume != t.ActiveVolume)));
        }).Select(r => $"{r.AdvertiserId}: {r.Tier}/{r.StopReason}/{r.SoldVolume}/{r.SoldSides} vs {truth[r.AdvertiserId].Tier}/{truth[r.AdvertiserId].StopReason}/{truth[r.AdvertiserId].SoldVolume}/{truth[r.AdvertiserId].SoldSides}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} agents differ from truth:\n" + string.Join("\n", wrong.Take(20)));
    }

    [Fact]
    public async Task ExecuteAsync_OffsetCap_MarketsReportedTruncatedWithAgentsNotReachedAndWarned()
    {
        await using var engine = Engine(new SimulatorOptions { Agents = 3_000, Today = Today, RequestLogCapacity = 0, OffsetCap = 40 });
        var request = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest();
        var runId = await engine.SubmitAsync(request, RunTrigger.Cli, default);

        var record = await engine.ExecuteAsync(runId, null, default);

        var truthMarkets = await TruthMarketsAsync(engine.Simulator!.BaseAddress);
        var truth = await SimOracle.TruthAsync(engine.Simulator.BaseAddress, GradingPlan.From(request, Today));
        var results = await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync();
        var truncated = record.Markets!.Where(m => m.Truncated).ToList();
        Assert.NotEmpty(truncated);
        Assert.All(record.Markets!, m => Assert.Null(m.Failed));
        foreach (var market in record.Markets!)
        {
            var expected = truthMarkets[market.PostalCode];
            Assert.Equal((expected.Truncated, expected.NotReached), (market.Truncated, market.NotReached));
        }

        Assert.Equal(truth.Keys.Order(StringComparer.Ordinal), results.Select(r => r.AdvertiserId).Order(StringComparer.Ordinal));
        Assert.Equal(truncated.Count, record.Warnings!.Count(w => w.Code == RunWarningCodes.MarketTruncated));
        Assert.All(results, r => Assert.Equal(truth[r.AdvertiserId].Tier, r.Tier));
    }

    private static async Task<Dictionary<string, (bool Truncated, int NotReached)>> TruthMarketsAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("__sim/truth", UriKind.Relative)));
        return document.RootElement.GetProperty("markets").EnumerateArray().ToDictionary(
            m => m.GetProperty("postal_code").GetString()!,
            m => (m.GetProperty("truncated").GetBoolean(), m.GetProperty("not_reached").GetInt32()));
    }

    /// <summary>Previous sales dated inside the window on the forSale pages of the first market's first agents (raw JSON).</summary>
    private static async Task<int> PreviousSalesInWindowAsync(LocalEngine engine, RunRequest request)
    {
        var sim = engine.Simulator!;
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };
        http.DefaultRequestHeaders.Add("X-RapidAPI-Key", sim.Options.ApiKey);
        http.DefaultRequestHeaders.Add("X-RapidAPI-Host", sim.Options.Host);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var list = JsonDocument.Parse(await http.GetStringAsync($"agents/list?postal_code={request.Markets![0]}&offset=0&limit=20&types=agent"));
        var found = 0;
        foreach (var agent in list.RootElement.GetProperty("agents").EnumerateArray())
        {
            var mls = agent.GetProperty("mls").EnumerateArray().FirstOrDefault();
            if (mls.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var url = $"agents/get-listings?fulfillment_id={agent.GetProperty("advertiser_id")}&id={mls.GetProperty("abbreviation").GetString()}&agent_id={mls.GetProperty("member").GetProperty("id").GetString()}&type=forSale&page=1";
            using var page = JsonDocument.Parse(await http.GetStringAsync(url));
            foreach (var listing in page.RootElement.GetProperty("data").GetProperty("forSale").GetProperty("results").EnumerateArray())
            {
                if (listing.GetProperty("status").GetString() != "sold"
                    && listing.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.Object
                    && description.TryGetProperty("sold_date", out var date) && date.ValueKind == JsonValueKind.String
                    && DateOnly.Parse(date.GetString()![..10], System.Globalization.CultureInfo.InvariantCulture) is var sold
                    && sold >= request.SoldSince && sold <= request.AsOf)
                {
                    found++;
                }
            }
        }

        return found;
    }
}

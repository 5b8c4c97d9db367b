using System.Globalization;
using System.Text.Json;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Tests.Api;
using PropGrade.Core.Tests.Fakes;

namespace PropGrade.Core.Tests.Exports;

/// <summary>The streamed aggregation (one pass, rows sorted externally) against the in-memory one on the same results.</summary>
public sealed class RunAggregatorStreamingTests : IDisposable
{
    private static readonly RunRequest Request = new RunDefaults(TestData.Today, ["02116", "07030"]).CreateDefaultRequest();
    private static readonly GradingPlan Plan = GradingPlan.From(Request, TestData.Today);
    private static readonly string[] Markets = ["07030", "02116", "10001", "99999"];
    private static readonly string[] Reasons = ["http_503", "max_pages", "timeout"];

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("propgrade-agg-tests-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Theory]
    [InlineData(0, 5, false)]
    [InlineData(1, 5, true)]
    [InlineData(500, 7, false)]
    [InlineData(500, 7, true)]
    [InlineData(500, 64, true)]
    [InlineData(500, 100_000, true)]
    public async Task AggregateAsync_RandomResults_EqualsInMemoryAggregate(int count, int rowsPerRun, bool withPrevious)
    {
        var random = new Random(count * 31 + rowsPerRun);
        var results = RandomResults(random, count);
        var previous = withPrevious ? RandomPrevious(random, count) : null;
        IReadOnlyList<MarketReport> markets = [new("07030", 400, 380, true, 20, null), new("02116", 0, 0, false, 0, null), new("10001", 50, 10, false, 40, "http_503")];
        var plan = Plan with { SelectedTiers = ["A", "C"] };

        var expected = RunAggregator.Aggregate(plan, Request, count + 3, results, previous, markets);
        var options = new AggregationOptions { TempDirectory = _temp.FullName, RowsPerRun = rowsPerRun };
        using (var streamed = await RunAggregator.AggregateAsync(plan, Request, count + 3, results.ToAsyncEnumerable(), previous, markets, options, CancellationToken.None))
        {
            Assert.Equal(expected.Status, streamed.Status);
            Assert.Equal(expected.TierCounts, streamed.TierCounts);
            Assert.Equal(expected.TierCounts.Keys, streamed.TierCounts.Keys);
            Assert.Equal(Json(expected.Summary), Json(streamed.Summary));
            Assert.Equal(expected.Warnings, streamed.Warnings);
            Assert.Equal(expected.Comparison, streamed.Comparison);
            Assert.Equal(expected.Rows, streamed.Rows);
            Assert.Equal(expected.Rows.Count, streamed.Rows.Count);
            Assert.Equal(expected.Agents, streamed.Agents);
            Assert.Equal(expected.Agents.Count, streamed.Agents.Count);
            Assert.Equal(expected.Details!.Incomplete, streamed.Details.Incomplete);
            Assert.Equal(expected.Details.Incomplete.Count, streamed.Details.Incomplete.Count);
            Assert.Equal(expected.Details.Dropped, streamed.Details.Dropped);
            Assert.Equal(expected.Details.Markets.Select(Line), streamed.Details.Markets.Select(Line));
            Assert.Equal(new RunResultCounts(count, results.Count(r => r.Profiled), results.Count(r => !r.Complete), results.Count(r => r.Skipped)), streamed.Counts);
            Assert.Equal(rowsPerRun >= count ? 0 : (count + rowsPerRun - 1) / rowsPerRun, streamed.SpilledRuns);

            var expectedFiles = await ExportsAsync(store => RunExporter.ExportAsync(store, null, "r1", plan, expected, ExportOptions.Default, CancellationToken.None));
            var streamedFiles = await ExportsAsync(store => RunExporter.ExportAsync(store, null, "r1", plan, streamed, ExportOptions.Default, CancellationToken.None));
            Assert.Equal(ExportNames.All.Count, streamedFiles.Count);
            foreach (var (name, bytes) in expectedFiles)
            {
                Assert.Equal(bytes, streamedFiles[name]);
            }
        }

        Assert.Empty(_temp.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task AggregateAsync_Filter_CountsOnlyTheResultsItKeeps()
    {
        var results = RandomResults(new Random(1), 40);
        var kept = results.Where(r => r.AdvertiserId.EndsWith('1')).ToList();
        var options = new AggregationOptions { TempDirectory = _temp.FullName, RowsPerRun = 3 };

        using var streamed = await RunAggregator.AggregateAsync(Plan, Request, kept.Count, results.ToAsyncEnumerable(), null, null, options, CancellationToken.None, r => r.AdvertiserId.EndsWith('1'));

        var expected = RunAggregator.Aggregate(Plan, Request, kept.Count, kept, null);
        Assert.Equal(expected.Agents, streamed.Agents);
        Assert.Equal(Json(expected.Summary), Json(streamed.Summary));
    }

    [Fact]
    public void RunWarnings_RandomResults_MatchTheOrderedListAlgorithm()
    {
        var random = new Random(11);
        var results = RandomResults(random, 300);
        IReadOnlyList<MarketReport> markets = [new("07030", 0, 0, false, 0, null)];

        var warnings = RunWarnings.From(markets, results);

        // The algorithm before streaming: every result ordered by id, then each type's agents listed in that order.
        var ordered = results.OrderBy(r => r.AdvertiserId, Comparer<string>.Create((a, b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b))).ToList();
        var unordered = ordered.Where(r => r.UnorderedPages).Select(r => r.AdvertiserId).ToList();
        var byType = ordered.SelectMany(r => (r.UnknownTypes ?? []).Select(t => (Type: t, r.AdvertiserId))).GroupBy(p => p.Type).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(1 + unordered.Count + byType.Count, warnings.Count);
        Assert.Equal(unordered.Select(id => $"Agent {id}:"), warnings.Skip(1).Take(unordered.Count).Select(w => w.Message[..(w.Message.IndexOf(':', StringComparison.Ordinal) + 1)]));
        foreach (var (group, warning) in byType.Zip(warnings.Skip(1 + unordered.Count)))
        {
            var ids = string.Join(", ", group.Take(RunWarnings.ListedAgents).Select(p => p.AdvertiserId)) + (group.Count() > RunWarnings.ListedAgents ? ", ..." : "");
            Assert.Contains($"counted nothing for {group.Count()} agents ({ids});", warning.Message, StringComparison.Ordinal);
        }

        Assert.True(byType.Any(g => g.Count() > RunWarnings.ListedAgents), "a type must name more agents than a warning lists");
    }

    private static string Line(MarketRow m) => m with { TierCounts = new Dictionary<string, int>() } + string.Join(",", m.TierCounts.Select(kv => $"{kv.Key}={kv.Value}"));

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, typeof(T), CoreJsonContext.Default);

    private static async Task<Dictionary<string, byte[]>> ExportsAsync(Func<InMemoryExportStore, Task<ExportReport>> export)
    {
        var store = new InMemoryExportStore();
        var report = await export(store);
        Assert.Empty(report.Failures);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in report.Written)
        {
            await using var stream = (await store.OpenReadAsync("r1", name, CancellationToken.None))!;
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            files[name] = copy.ToArray();
        }

        return files;
    }

    private static List<AgentResult> RandomResults(Random random, int count)
    {
        string[] tiers = [.. Plan.Tiers.Select(t => t.Name), GradingPlan.Unranked];
        var ids = Enumerable.Range(1, count).Select(i => random.Next(3) == 0 ? i * 1000 + random.Next(1000) : i).Distinct().ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids));
        return [.. ids.Select(i =>
        {
            var complete = random.Next(5) != 0;
            return new AgentResult(
                i.ToString(CultureInfo.InvariantCulture), $"Agent {i}", random.Next(4) == 0 ? null : "Office", random.Next(6) == 0 ? null : Markets[random.Next(Markets.Length)],
                tiers[random.Next(tiers.Length)], random.Next(2) == 0 ? null : tiers[random.Next(tiers.Length)],
                random.Next(6) * 1_000_000.5m, random.Next(30) / 2m, random.Next(3) * 250_000m, random.Next(3), complete, random.Next(8) == 0,
                complete ? StopReasons.WindowEnd : Reasons[random.Next(Reasons.Length)], random.Next(9), random.Next(12),
                UndisclosedSales: random.Next(3), VolumeEstimated: random.Next(2) == 0, UnknownSides: random.Next(2),
                UnknownTypes: random.Next(4) == 0 ? (random.Next(2) == 0 ? ["agent_x"] : ["agent_y", "agent_x"]) : null,
                UnorderedPages: random.Next(25) == 0, Profiled: random.Next(2) == 0,
                Contact: random.Next(3) == 0 ? null : new AgentContact($"n{i}", "555", null, $"a{i}@example.com", null, "Broker", "Hoboken", "NJ", null));
        })];
    }

    private static PreviousRun RandomPrevious(Random random, int count)
    {
        string[] tiers = [.. Plan.Tiers.Select(t => t.Name), GradingPlan.Unranked];
        var before = RandomResults(random, count + 20);
        return new PreviousRun("prev", before.Where(_ => random.Next(4) != 0).ToDictionary(r => r.AdvertiserId, r => r.Tier, StringComparer.Ordinal))
        {
            Name = "Q3",
            SoldSince = new DateOnly(2025, 8, 23),
            AsOf = new DateOnly(2026, 8, 23),
            Selected = [.. before.Where(r => r.Tier is "A" or "C" && random.Next(3) != 0)],
        };
    }
}

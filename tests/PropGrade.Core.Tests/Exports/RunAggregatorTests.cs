using System.Text;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Core.Tests.Api;
using PropGrade.Core.Tests.Fakes;

namespace PropGrade.Core.Tests.Exports;

public sealed class RunAggregatorTests
{
    private static readonly RunRequest Request = new RunDefaults(TestData.Today, ["07030"]).CreateDefaultRequest();
    private static readonly GradingPlan Plan = GradingPlan.From(Request, TestData.Today);

    private static AgentResult Result(long id, string tier, bool complete = true, string reason = StopReasons.TierSettled, decimal volume = 1_000_000.5m, decimal sides = 12.5m) =>
        new(TestData.Id(id), $"Agent, \"{id}\"", "Office", "07030", tier, "B", volume, sides, 0m, 0m, complete, false, reason, 3, 4);

    [Fact]
    public async Task Aggregate_SameResultsInAnotherOrder_GivesIdenticalExportBytes()
    {
        AgentResult[] results = [Result(1, "A"), Result(2, "C"), Result(3, GradingPlan.Unranked)];

        var first = await ExportsAsync(RunAggregator.Aggregate(Plan, Request, 3, results, null));
        var second = await ExportsAsync(RunAggregator.Aggregate(Plan, Request, 3, [.. results.Reverse()], null));

        Assert.Equal(ExportNames.All.Order(StringComparer.Ordinal), first.Keys.Order(StringComparer.Ordinal));
        foreach (var name in ExportNames.All)
        {
            Assert.Equal(first[name], second[name]);
        }
    }

    [Fact]
    public async Task Aggregate_Csv_HasContractColumnsAndOnlySelectedTiers()
    {
        var plan = Plan with { SelectedTiers = ["A", "C"] };
        var aggregate = RunAggregator.Aggregate(plan, Request, 3, [Result(1, "A"), Result(2, "B"), Result(3, "C")], null);

        var lines = Encoding.UTF8.GetString((await ExportsAsync(aggregate, plan))[ExportNames.GradedCsv]).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("advertiser_id,fulfillment_id,name,office,tier,sold_volume,sold_sides,active_volume,active_count,initial_tier,complete,stop_reason,pages_fetched,movement", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",previous_tier,undisclosed_sales,volume_estimated,market,unknown_sides", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.Equal("1,1,\"Agent, \"\"1\"\"\",Office,A,1000001,12.5,0,0,B,true,tier_settled,3,,,,,,,,,,,,0,false,07030,0", lines[1]);
        Assert.Contains(",C,", lines[2], StringComparison.Ordinal);
        Assert.Equal(1, aggregate.TierCounts["B"]);
    }

    [Fact]
    public void Aggregate_IncompleteAgent_MakesRunPartial()
    {
        var aggregate = RunAggregator.Aggregate(Plan, Request, 2, [Result(1, "A"), Result(2, "C", complete: false, reason: "http_503")], null);

        Assert.Equal(RunStatus.Partial, aggregate.Status);
        Assert.Equal(1, aggregate.Summary.IncompleteReasons["http_503"]);
    }

    [Fact]
    public void Aggregate_AgentsMissingResults_MakesRunPartial()
    {
        var aggregate = RunAggregator.Aggregate(Plan, Request, 5, [Result(1, "A")], null);

        Assert.Equal(RunStatus.Partial, aggregate.Status);
    }

    [Fact]
    public void Aggregate_PreviousRun_SetsMovement()
    {
        var previous = new PreviousRun("prev", new Dictionary<string, string> { ["1"] = "B", ["2"] = "A", ["3"] = "C" });

        var aggregate = RunAggregator.Aggregate(Plan, Request, 4, [Result(1, "A"), Result(2, "B"), Result(3, "C"), Result(4, "C")], previous);

        var movement = aggregate.Rows.ToDictionary(r => r.AdvertiserId, r => r.Movement);
        Assert.Equal("up", movement["1"]);
        Assert.Equal("down", movement["2"]);
        Assert.Equal("same", movement["3"]);
        Assert.Equal("new", movement["4"]);
        Assert.Equal(RunStatus.Succeeded, aggregate.Status);
    }

    [Fact]
    public async Task Aggregate_Xlsx_HasSummaryAndASheetPerSelectedTier()
    {
        var aggregate = RunAggregator.Aggregate(Plan, Request, 2, [Result(1, "A"), Result(2, "C")], null);

        using var xlsx = new XlsxTestReader((await ExportsAsync(aggregate))[ExportNames.GradedXlsx]);

        Assert.Equal(["Summary", "A", "B", "C", "Markets", "Dropped", "Incomplete"], xlsx.SheetNames);
        Assert.Equal("1", XlsxTestReader.Text(xlsx.Cell("A", "B2")));
        Assert.Equal("\"$\"#,##0", xlsx.NumberFormat(xlsx.Cell("A", "F2")));
        Assert.Equal("1000001", xlsx.Cell("A", "F2").CellValue!.Text);
    }

    private static async Task<Dictionary<string, byte[]>> ExportsAsync(RunAggregate aggregate, GradingPlan? plan = null)
    {
        var store = new InMemoryExportStore();
        var report = await RunExporter.ExportAsync(store, "r1", plan ?? Plan, aggregate, ExportOptions.Default, CancellationToken.None);
        Assert.Empty(report.Failures);
        var files = new Dictionary<string, byte[]>();
        foreach (var name in report.Written)
        {
            await using var stream = (await store.OpenReadAsync("r1", name, CancellationToken.None))!;
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            files[name] = copy.ToArray();
        }

        return files;
    }

    [Fact]
    public void Aggregate_FailedMarket_MakesRunPartialWithAWarningInSummary()
    {
        MarketReport[] markets = [new("07030", 2, 2, false, 0, null), new("90210", null, 0, false, 0, "http_503")];

        var aggregate = RunAggregator.Aggregate(Plan, Request, 2, [Result(1, "A"), Result(2, "C")], null, markets);

        Assert.Equal(RunStatus.Partial, aggregate.Status);
        Assert.Equal(RunWarningCodes.MarketFailed, Assert.Single(aggregate.Warnings).Code);
        Assert.Equal(markets, aggregate.Summary.Markets);
        Assert.Equal(aggregate.Warnings, aggregate.Summary.Warnings);
    }

    [Fact]
    public void Aggregate_TruncatedMarket_SucceedsWithAWarning()
    {
        var aggregate = RunAggregator.Aggregate(Plan, Request, 1, [Result(1, "A")], null, [new MarketReport("07030", 30, 20, true, 10, null)]);

        Assert.Equal(RunStatus.Succeeded, aggregate.Status);
        Assert.Equal(RunWarningCodes.MarketTruncated, Assert.Single(aggregate.Warnings).Code);
    }

    [Fact]
    public async Task Aggregate_UndisclosedSales_ReportedOnTheRowAndInTheCsv()
    {
        var result = Result(1, "A") with { UndisclosedSales = 3, VolumeEstimated = true, UnknownSides = 2, UnknownTypes = ["management"] };

        var aggregate = RunAggregator.Aggregate(Plan, Request, 1, [result], null);

        var row = Assert.Single(aggregate.Rows);
        Assert.Equal((3, true, 2), (row.UndisclosedSales, row.VolumeEstimated, row.UnknownSides));
        var line = Encoding.UTF8.GetString((await ExportsAsync(aggregate))[ExportNames.GradedCsv]).Split('\n')[1];
        Assert.EndsWith(",3,true,07030,2", line, StringComparison.Ordinal);
        Assert.Equal(3, aggregate.Summary.UndisclosedSales);
        Assert.Equal(RunWarningCodes.UnknownAdvertiserType, Assert.Single(aggregate.Warnings).Code);
    }

    [Fact]
    public void Aggregate_StringIds_SortNumericallyWithinATier()
    {
        var aggregate = RunAggregator.Aggregate(Plan, Request, 3, [Result(10, "A"), Result(9, "A"), Result(100, "A")], null);

        Assert.Equal(["9", "10", "100"], aggregate.Rows.Select(r => r.AdvertiserId));
    }
}

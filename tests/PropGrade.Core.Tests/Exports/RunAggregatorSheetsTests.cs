using System.Text;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Tests.Api;
using PropGrade.Core.Tests.Fakes;
using static PropGrade.Core.Tests.Exports.ExportTestData;

namespace PropGrade.Core.Tests.Exports;

/// <summary>Movement versus the comparable previous run, and the workbook's Markets, Dropped and Incomplete sheets.</summary>
public sealed class RunAggregatorSheetsTests
{
    private static readonly RunRequest Request = new RunDefaults(TestData.Today, ["02116", "07030"]).CreateDefaultRequest();
    private static readonly GradingPlan Plan = GradingPlan.From(Request, TestData.Today);

    private static AgentResult Result(long id, string tier, bool complete = true, string reason = StopReasons.WindowEnd, decimal volume = 6_000_000m, string market = "07030") =>
        new(TestData.Id(id), $"Agent {id}", "Office", market, tier, "C", volume, 12m, 0m, 0m, complete, false, reason, 3, 4,
            Contact: new AgentContact($"nrds{id}", "(201) 555-0100", null, $"a{id}@example.com", null, null, "Hoboken", "NJ", null));

    private static PreviousRun Previous(params AgentResult[] results) =>
        new("prev", results.ToDictionary(r => r.AdvertiserId, r => r.Tier))
        {
            Name = "Q3",
            SoldSince = new DateOnly(2025, 8, 23),
            AsOf = new DateOnly(2026, 8, 23),
            Selected = [.. results.Where(r => Plan.IsSelected(r.Tier))],
        };

    private static async Task<byte[]> XlsxOfAsync(RunAggregate aggregate)
    {
        using var output = new MemoryStream();
        await XlsxExportWriter.WriteAsync(output, Plan, aggregate.Summary, aggregate.Rows, ExportOptions.Default, CancellationToken.None, aggregate.Details);
        return output.ToArray();
    }

    [Fact]
    public async Task Aggregate_AgentFellFromCToUnranked_IsADroppedRowWithItsNewTier()
    {
        var previous = Previous(Result(1, "C"), Result(2, "A"), Result(3, "B"), Result(4, "C"));
        AgentResult[] now = [Result(1, GradingPlan.Unranked, volume: 1_000_000m), Result(2, "A"), Result(3, GradingPlan.Unranked, complete: false, reason: "http_503", volume: 10m)];

        var aggregate = RunAggregator.Aggregate(Plan, Request, 3, now, previous);

        var dropped = aggregate.Details!.Dropped;
        Assert.Equal(["3", "1", "4"], dropped.Select(d => d.AdvertiserId));
        var fell = dropped.Single(d => d.AdvertiserId == "1");
        Assert.Equal(("C", GradingPlan.Unranked, DroppedReasons.DroppedBelow, 1_000_000m), (fell.PreviousTier, fell.Tier, fell.Reason, fell.SoldVolume));
        Assert.Equal((DroppedReasons.Incomplete, "http_503"), (dropped.Single(d => d.AdvertiserId == "3").Reason, dropped.Single(d => d.AdvertiserId == "3").StopReason));
        Assert.Equal((null, DroppedReasons.NotFound), (dropped.Single(d => d.AdvertiserId == "4").Tier, dropped.Single(d => d.AdvertiserId == "4").Reason));
        Assert.Equal(3, aggregate.Summary.AgentsDropped);

        using var xlsx = new XlsxTestReader(await XlsxOfAsync(aggregate));
        var sheet = xlsx.Texts("Dropped");
        Assert.Equal("Advertiser ID", sheet[0][0]);
        Assert.Contains(sheet, r => r[0] == "1" && r.Contains("C") && r.Contains(GradingPlan.Unranked) && r.Contains(DroppedReasons.DroppedBelow));
        Assert.Equal(4, sheet.Count);
    }

    [Fact]
    public void Aggregate_PreviousRun_SetsPreviousTierOnEveryRowAndSaysWhatItComparedWith()
    {
        var aggregate = RunAggregator.Aggregate(Plan, Request, 2, [Result(1, "A"), Result(2, "B")], Previous(Result(1, "C")));

        Assert.Equal(["C", null], aggregate.Rows.Select(r => r.PreviousTier));
        Assert.Equal(["up", "new"], aggregate.Rows.Select(r => r.Movement));
        Assert.Equal("prev", aggregate.Comparison!.PreviousRunId);
        Assert.Equal("Compared with run prev \"Q3\", window 2025-08-23 to 2026-08-23: the latest earlier window graded with the same tiers, markets (or roster), selected tiers and rules.", aggregate.Summary.Comparison!.Description);
    }

    [Fact]
    public async Task Aggregate_NoComparableRun_NoMovementAndTheSummarySaysSo()
    {
        var aggregate = RunAggregator.Aggregate(Plan, Request, 2, [Result(1, "A"), Result(2, "B")], null);

        Assert.All(aggregate.Rows, r => Assert.Equal(("", null), (r.Movement, r.PreviousTier)));
        Assert.Empty(aggregate.Summary.Movement);
        Assert.Same(RunComparison.None, aggregate.Comparison);
        Assert.StartsWith("No comparable previous run", aggregate.Summary.Comparison!.Description, StringComparison.Ordinal);

        using var xlsx = new XlsxTestReader(await XlsxOfAsync(aggregate));
        Assert.Contains(xlsx.Texts("Summary"), r => r.Count == 2 && r[0] == "Compared with" && r[1].StartsWith("No comparable previous run", StringComparison.Ordinal));
        Assert.StartsWith("No comparable previous run", xlsx.Texts("Dropped")[1][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aggregate_IncompleteAgentWhoseTierSoFarIsUnranked_IsOnTheIncompleteSheet()
    {
        AgentResult[] results =
        [
            Result(1, "A"),
            Result(2, GradingPlan.Unranked, complete: false, reason: "http_503", volume: 2_000_000m),
            Result(3, "B", complete: false, reason: StopReasons.DepthCap),
            Result(4, GradingPlan.Unranked),
        ];

        var aggregate = RunAggregator.Aggregate(Plan, Request, 4, results, null);

        Assert.Equal(["3", "2"], aggregate.Details!.Incomplete.Select(r => r.AdvertiserId));
        Assert.DoesNotContain(aggregate.Rows, r => r.AdvertiserId == "2");
        using var xlsx = new XlsxTestReader(await XlsxOfAsync(aggregate));
        var sheet = xlsx.Texts("Incomplete");
        Assert.Equal(GradedColumns.All.Select(c => c.Header), sheet[0]);
        var unranked = Assert.Single(sheet, r => r[0] == "2");
        Assert.Contains(GradingPlan.Unranked, unranked);
        Assert.Contains("http_503", unranked);
        Assert.Contains("2000000", unranked);
        Assert.Equal(3, sheet.Count);
    }

    [Fact]
    public async Task Aggregate_Markets_TierCountsPerZipWithTruncatedAndFailedMarketsAndLeadingZeros()
    {
        MarketReport[] markets = [new("02116", 3, 3, true, 7, null), new("07030", null, 0, false, 0, "http_503")];
        AgentResult[] results = [Result(1, "A", market: "02116"), Result(2, "C", market: "02116"), Result(3, GradingPlan.Unranked, complete: false, reason: "http_503", market: "02116")];

        var aggregate = RunAggregator.Aggregate(Plan, Request, 3, results, null, markets);

        var zip = aggregate.Details!.Markets[0];
        Assert.Equal(("02116", 3, 3, 1, true, 7), (zip.PostalCode, zip.AgentsFound, zip.Graded, zip.Incomplete, zip.Truncated, zip.NotReached));
        Assert.Equal(1, zip.TierCounts["A"]);
        Assert.Equal(0, zip.TierCounts["B"]);
        Assert.Equal(1, zip.TierCounts[GradingPlan.Unranked]);
        Assert.Equal("http_503", aggregate.Details.Markets[1].Failed);

        using var xlsx = new XlsxTestReader(await XlsxOfAsync(aggregate));
        Assert.Empty(xlsx.Validate());
        var sheet = xlsx.Texts("Markets");
        Assert.Equal(["Market (ZIP)", "Agents found", "Graded", "Tier A", "Tier B", "Tier C", "Unranked", "Incomplete", "Truncated", "Not reached", "Failed"], sheet[0]);
        Assert.Equal(["02116", "3", "3", "1", "0", "1", "1", "1", "1", "7"], sheet[1]);
        var zipCell = xlsx.Cell("Markets", "A2");
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString, zipCell.DataType!.Value);
        Assert.Equal("@", xlsx.NumberFormat(zipCell));
        Assert.Equal("http_503", sheet[2][^1]);
    }

    [Fact]
    public async Task Aggregate_ZipWithLeadingZero_IsKeptInTheCsvAndAsTextInTheXlsx()
    {
        var aggregate = RunAggregator.Aggregate(Plan, Request, 1, [Result(1, "A", market: "02116")], null);
        var store = new InMemoryExportStore();

        await RunExporter.ExportAsync(store, "r1", Plan, aggregate, ExportOptions.Default, CancellationToken.None);

        await using var csvStream = (await store.OpenReadAsync("r1", ExportNames.GradedCsv, CancellationToken.None))!;
        using var reader = new StreamReader(csvStream, Encoding.UTF8);
        var csv = Csv.Fields(await reader.ReadToEndAsync());
        Assert.Equal("02116", csv[1][GradedColumns.All.Select(c => c.CsvHeader).ToList().IndexOf("market")]);
        await using var xlsxStream = (await store.OpenReadAsync("r1", ExportNames.GradedXlsx, CancellationToken.None))!;
        using var copy = new MemoryStream();
        await xlsxStream.CopyToAsync(copy);
        using var xlsx = new XlsxTestReader(copy.ToArray());
        var cell = xlsx.Cell("A", Ref("market", 2));
        Assert.Equal("02116", XlsxTestReader.Text(cell));
        Assert.Equal("@", xlsx.NumberFormat(cell));
        Assert.Equal("nrds1", XlsxTestReader.Text(xlsx.Cell("A", Ref("nrds_id", 2))));
    }

    [Fact]
    public async Task Aggregate_SheetsWithMoreRowsThanASheetHolds_ContinueOnNumberedSheets()
    {
        var results = Enumerable.Range(1, 7).Select(i => Result(i, GradingPlan.Unranked, complete: false, reason: "http_503")).ToList();
        var aggregate = RunAggregator.Aggregate(Plan, Request, 7, results, null);
        using var output = new MemoryStream();

        await XlsxExportWriter.WriteAsync(output, Plan, aggregate.Summary, aggregate.Rows, new ExportOptions { MaxRowsPerSheet = 5 }, CancellationToken.None, aggregate.Details);

        using var xlsx = new XlsxTestReader(output.ToArray());
        Assert.Empty(xlsx.Validate());
        Assert.Equal(["Summary", "A", "B", "C", "Markets", "Dropped", "Incomplete", "Incomplete (2)"], xlsx.SheetNames);
        Assert.Equal(7, xlsx.Rows("Incomplete").Count - 1 + xlsx.Rows("Incomplete (2)").Count - 1);
    }

    [Fact]
    public async Task Aggregate_TierNamedLikeAFixedSheet_GetsANumberedSheetName()
    {
        var request = Request with { Tiers = [new("Markets", 1m, null)], SelectedTiers = ["Markets"] };
        var plan = GradingPlan.From(request, TestData.Today);
        var aggregate = RunAggregator.Aggregate(plan, request, 1, [Result(1, "Markets")], null);
        using var output = new MemoryStream();

        await XlsxExportWriter.WriteAsync(output, plan, aggregate.Summary, aggregate.Rows, ExportOptions.Default, CancellationToken.None, aggregate.Details);

        using var xlsx = new XlsxTestReader(output.ToArray());
        Assert.Equal(["Summary", "Markets (2)", "Markets", "Dropped", "Incomplete"], xlsx.SheetNames);
        Assert.Equal("1", xlsx.Texts("Markets (2)")[1][0]);
    }
}

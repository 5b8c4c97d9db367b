using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Local.Orchestration;
using PropGrade.Local.Tests.Fakes;
using PropGrade.Local.Tests.Support;

namespace PropGrade.Local.Tests.Exports;

/// <summary>
/// Whole local runs over a fixture API: formula-like names from the API inert in every export, movement only against
/// a comparable run (with a Dropped row for an agent who fell from C to Unranked), and every incomplete agent on the
/// Incomplete sheet whatever its tier so far.
/// </summary>
public sealed class RunMovementExportsTests : IDisposable
{
    private readonly List<string> _dirs = [];

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private LocalEngine Engine(ISourceConnector source)
    {
        var dir = Directory.CreateTempSubdirectory("pg-movexp-").FullName;
        _dirs.Add(dir);
        return new LocalEngine(new LocalEngineOptions { DataDir = dir, SourceConnector = source, Concurrency = 4, BatchSize = 5, RawStoreFactory = _ => null });
    }

    private static RunRequest Window(RunRequest request, int monthsBack) =>
        request with { SoldSince = request.SoldSince.AddMonths(-monthsBack), AsOf = request.AsOf.AddMonths(-monthsBack) };

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("+SUM(1)")]
    public async Task Run_AgentNameFromTheApiLikeAFormula_IsInertInCsvXlsxAndContacts(string hostile)
    {
        var world = new FakeWorldSource(40);
        await using var engine = Engine(new RenamingSource(world, id => id is "2" or "3" ? hostile : null));
        var request = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest() with { SelectedTiers = ["A", "B", "C"] };
        var runId = await engine.SubmitAsync(request, RunTrigger.Cli, default);

        var record = await engine.ExecuteAsync(runId, null, default);

        var results = await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync();
        Assert.Equal(hostile, results.Single(r => r.AdvertiserId == "2").Name);
        var files = await ExportFiles.ReadAllAsync(engine, runId);
        foreach (var csvName in new[] { ExportNames.GradedCsv, ExportNames.ContactsCsv })
        {
            var text = Encoding.UTF8.GetString(files[csvName]).TrimStart('\uFEFF');
            Assert.DoesNotContain("\n" + hostile[0], "\n" + text.Replace(",", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("'" + hostile[..5], text, StringComparison.Ordinal);
        }

        using var xlsx = SpreadsheetDocument.Open(new MemoryStream(files[ExportNames.GradedXlsx]), isEditable: false);
        Assert.Empty(xlsx.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet!.Descendants<CellFormula>()));
        var texts = xlsx.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet!.Descendants<Cell>()).Where(c => c.DataType?.Value == CellValues.InlineString).Select(c => c.InlineString!.Text!.Text).ToList();
        Assert.DoesNotContain(hostile, texts);
        var exported = results.Where(r => r.AdvertiserId is "2" or "3" && (request.SelectedTiers.Contains(r.Tier) || !r.Complete)).ToList();
        Assert.All(exported, _ => Assert.Contains("'" + hostile, texts));
        Assert.Equal(RunStatus.Succeeded, record.Status);
    }

    [Fact]
    public async Task TwoComparableRuns_AgentWhoFellFromCToUnranked_IsOnTheDroppedSheet()
    {
        var world = new FakeWorldSource(200, seed: 7);
        await using var engine = Engine(world);
        var defaults = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest();
        var first = await engine.SubmitAsync(Window(defaults, 12), RunTrigger.Cli, default);
        await engine.ExecuteAsync(first, null, default);
        var second = await engine.SubmitAsync(defaults, RunTrigger.Cli, default);

        var record = await engine.ExecuteAsync(second, null, default);

        var before = (await engine.Workspace.ReadResultsAsync(first, default).ToListAsync()).ToDictionary(r => r.AdvertiserId);
        var now = await engine.Workspace.ReadResultsAsync(second, default).ToListAsync();
        var fell = now.Where(r => r.Complete && r.Tier == GradingPlan.Unranked && before[r.AdvertiserId].Tier == "C").Select(r => r.AdvertiserId).ToList();
        Assert.NotEmpty(fell);
        Assert.Equal(first, record.Comparison!.PreviousRunId);
        var dropped = SheetTexts((await ExportFiles.ReadAllAsync(engine, second))[ExportNames.GradedXlsx], "Dropped");
        foreach (var id in fell)
        {
            var row = Assert.Single(dropped, r => r[0] == id);
            Assert.Equal(("C", GradingPlan.Unranked, DroppedReasons.DroppedBelow), (row[4], row[7], row[8]));
        }

        var csv = Encoding.UTF8.GetString((await ExportFiles.ReadAllAsync(engine, second))[ExportNames.GradedCsv]);
        var header = csv.Split('\n')[0].Split(',');
        var previousTier = Array.IndexOf(header, "previous_tier");
        Assert.All(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), line =>
        {
            var fields = line.Split(',');
            Assert.Equal(before[fields[0]].Tier, fields[previousTier]);
        });
    }

    [Fact]
    public async Task EarlierRunWithOtherTiers_NoMovementAndEveryExportSaysNoComparableRun()
    {
        var world = new FakeWorldSource(60);
        await using var engine = Engine(world);
        var defaults = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest();
        var otherTiers = Window(defaults, 3) with { Tiers = [new("A", 30_000_000m, null), new("B", 16_000_000m, 40m), new("C", 5_000_000m, 12m)] };
        var first = await engine.SubmitAsync(otherTiers, RunTrigger.Cli, default);
        await engine.ExecuteAsync(first, null, default);
        var second = await engine.SubmitAsync(defaults, RunTrigger.Cli, default);

        var record = await engine.ExecuteAsync(second, null, default);

        Assert.Null(record.Comparison!.PreviousRunId);
        Assert.StartsWith("No comparable previous run", record.Comparison.Description, StringComparison.Ordinal);
        var files = await ExportFiles.ReadAllAsync(engine, second);
        var lines = Encoding.UTF8.GetString(files[ExportNames.GradedCsv]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.All(lines.Skip(1), l => Assert.Equal("", l.Split(',')[Array.IndexOf(header, "movement")]));
        Assert.All(lines.Skip(1), l => Assert.Equal("", l.Split(',')[Array.IndexOf(header, "previous_tier")]));
        using var summary = JsonDocument.Parse(files[ExportNames.SummaryJson]);
        Assert.Equal(JsonValueKind.Null, summary.RootElement.GetProperty("previousRunId").ValueKind);
        Assert.StartsWith("No comparable previous run", summary.RootElement.GetProperty("comparison").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(SheetTexts(files[ExportNames.GradedXlsx], "Summary"), r => r is ["Compared with", var text] && text.StartsWith("No comparable previous run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_IncompleteAgentWhoseTierSoFarIsUnranked_IsOnTheIncompleteSheet()
    {
        var world = new FakeWorldSource(40) { FailAgent = n => n == 5 ? new TransientApiException("http_503", "upstream busy") : null };
        await using var engine = Engine(world);
        var runId = await engine.SubmitAsync((await engine.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Partial, record.Status);
        var agent = (await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync()).Single(r => r.AdvertiserId == "5");
        Assert.Equal((GradingPlan.Unranked, false), (agent.Tier, agent.Complete));
        var files = await ExportFiles.ReadAllAsync(engine, runId);
        Assert.DoesNotContain("\n5,", Encoding.UTF8.GetString(files[ExportNames.GradedCsv]), StringComparison.Ordinal);
        var incomplete = SheetTexts(files[ExportNames.GradedXlsx], "Incomplete");
        var row = Assert.Single(incomplete, r => r[0] == "5");
        Assert.Contains(GradingPlan.Unranked, row);
        Assert.Contains(agent.StopReason, row);
    }

    /// <summary>A sheet's shown texts row by row (inline strings, numbers and booleans as stored).</summary>
    private static List<List<string>> SheetTexts(byte[] xlsx, string name)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), isEditable: false);
        var sheet = document.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        var part = (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);
        return [.. part.Worksheet!.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => r.Elements<Cell>()
            .Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.Text!.Text : c.CellValue?.Text ?? "").ToList())];
    }

    /// <summary>The fixture API with some agents renamed (the name comes from the API's discovery entry).</summary>
    private sealed class RenamingSource(FakeWorldSource inner, Func<string, string?> rename) : IListingSource, ISourceConnector
    {
        public async Task<SourceConnection> ConnectAsync(CancellationToken cancellationToken) =>
            (await inner.ConnectAsync(cancellationToken)) with { Source = this };

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        public async Task<AgentPage> GetAgentPageAsync(string postalCode, int offset, FetchContext context, CancellationToken cancellationToken)
        {
            var page = await inner.GetAgentPageAsync(postalCode, offset, context, cancellationToken);
            return page with { Agents = [.. page.Agents.Select(a => rename(a.AdvertiserId) is { } name ? a with { Name = name } : a)] };
        }

        public Task<AgentProfile> GetProfileAsync(RosterEntry agent, FetchContext context, CancellationToken cancellationToken) =>
            inner.GetProfileAsync(agent, context, cancellationToken);

        public Task<ListingPage> GetListingPageAsync(ListingsKey agent, ListingKind kind, int page, int distinctBefore, FetchContext context, CancellationToken cancellationToken) =>
            inner.GetListingPageAsync(agent, kind, page, distinctBefore, context, cancellationToken);
    }
}

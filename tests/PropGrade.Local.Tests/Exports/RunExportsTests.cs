using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PropGrade.Core.Exports;
using PropGrade.Core.Runs;
using PropGrade.Local.Tests.Fakes;
using PropGrade.Local.Tests.Support;

namespace PropGrade.Local.Tests.Exports;

/// <summary>The exports of whole local runs: a tier spilling over the sheet limit, and an export that cannot be written.</summary>
public sealed class RunExportsTests : IDisposable
{
    private readonly List<string> _dirs = [];

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private LocalEngine Engine(FakeWorldSource source, ExportOptions? exports = null)
    {
        var dir = Directory.CreateTempSubdirectory("pg-runexp-").FullName;
        _dirs.Add(dir);
        return new LocalEngine(new LocalEngineOptions
        {
            DataDir = dir,
            SourceConnector = source,
            Concurrency = 4,
            BatchSize = 5,
            RawStoreFactory = _ => null,
            Exports = exports ?? ExportOptions.Default,
        });
    }

    private static async Task<string> SubmitDefaultAsync(LocalEngine engine) =>
        await engine.SubmitAsync((await engine.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);

    [Fact]
    public async Task ExecuteAsync_TierOverTheSheetLimit_SpillsOntoNumberedSheetsAndTheRunSucceeds()
    {
        await using var engine = Engine(new FakeWorldSource(120), new ExportOptions { MaxRowsPerSheet = 5 });
        var runId = await SubmitDefaultAsync(engine);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Succeeded, record.Status);
        Assert.Null(record.Error);
        Assert.Equal(ExportNames.All, record.Exports);
        var files = await ExportFiles.ReadAllAsync(engine, runId);
        var exported = record.TierCounts.Where(kv => kv.Key != "Unranked").Sum(kv => kv.Value);
        var csvLines = System.Text.Encoding.UTF8.GetString(files[ExportNames.GradedCsv]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(exported + 1, csvLines.Length);

        using var xlsx = SpreadsheetDocument.Open(new MemoryStream(files[ExportNames.GradedXlsx]), isEditable: false);
        var sheets = xlsx.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>().ToList();
        int DataRows(Sheet sheet) =>
            ((WorksheetPart)xlsx.WorkbookPart.GetPartById(sheet.Id!)).Worksheet!.GetFirstChild<SheetData>()!.Elements<Row>().Count() - 1;
        Assert.Contains(record.TierCounts, kv => kv.Key != "Unranked" && kv.Value > 4);
        foreach (var tier in new[] { "A", "B", "C" })
        {
            var count = record.TierCounts[tier];
            var expectedNames = Enumerable.Range(1, Math.Max(1, (count + 3) / 4)).Select(n => n == 1 ? tier : $"{tier} ({n})").ToList();
            var tierSheets = sheets.Where(s => s.Name! == tier || s.Name!.Value!.StartsWith(tier + " (", StringComparison.Ordinal)).ToList();
            Assert.Equal(expectedNames, tierSheets.Select(s => s.Name!.Value));
            Assert.All(tierSheets.SkipLast(1), s => Assert.Equal(4, DataRows(s)));
            Assert.Equal(count, tierSheets.Sum(DataRows));
        }
    }

    [Fact]
    public async Task ExecuteAsync_AnExportCannotBeWritten_RunEndsPartialNamingItAndAResumeWritesItWithoutCalls()
    {
        var source = new FakeWorldSource(60);
        await using var engine = Engine(source);
        var runId = await SubmitDefaultAsync(engine);
        var blocker = Path.Combine(engine.FileExports.DirectoryOf(runId), ExportNames.GradedXlsx);
        Directory.CreateDirectory(blocker);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Partial, record.Status);
        Assert.Equal([ExportNames.GradedCsv, ExportNames.ContactsCsv, ExportNames.SummaryJson], record.Exports);
        Assert.Contains("Export failed: graded.xlsx (IOException", record.Error, StringComparison.Ordinal);
        Assert.Equal(60, record.Counters.AgentsDone);
        Assert.Equal(0, record.Counters.AgentsIncomplete);
        Assert.Equal([ExportNames.ContactsCsv, ExportNames.GradedCsv, ExportNames.SummaryJson], (await engine.Exports.GetLinksAsync(runId, default)).Select(l => l.Name));
        Assert.DoesNotContain(Directory.GetFiles(engine.FileExports.DirectoryOf(runId)), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        var callsBefore = source.Calls;

        Directory.Delete(blocker);
        var resumed = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Succeeded, resumed.Status);
        Assert.Null(resumed.Error);
        Assert.Equal(ExportNames.All, resumed.Exports);
        Assert.Equal(callsBefore, source.Calls);
        Assert.Equal(ExportNames.All.Count, (await engine.Exports.GetLinksAsync(runId, default)).Count);
    }
}

using DocumentFormat.OpenXml.Spreadsheet;
using PropGrade.Core.Exports;
using static PropGrade.Core.Tests.Exports.ExportTestData;

namespace PropGrade.Core.Tests.Exports;

public sealed class XlsxExportWriterTests
{
    private static readonly GradedRow[] ThreeTiers = [Row(1, "A"), Row(2, "A", volume: 900m), Row(3, "C")];

    [Fact]
    public async Task WriteAsync_SameRowsTwice_GivesIdenticalBytesInMemoryAndOnDisk()
    {
        var first = await XlsxAsync(ThreeTiers);
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
            {
                await XlsxExportWriter.WriteAsync(file, Plan, Summary(ThreeTiers), ThreeTiers, ExportOptions.Default, CancellationToken.None);
            }

            Assert.Equal(first, await XlsxAsync(ThreeTiers));
            Assert.Equal(first, await File.ReadAllBytesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task WriteAsync_DifferentRows_GiveDifferentBytes()
    {
        Assert.NotEqual(await XlsxAsync(ThreeTiers), await XlsxAsync([Row(1, "A"), Row(2, "A", volume: 901m), Row(3, "C")]));
    }

    [Fact]
    public async Task WriteAsync_Package_IsValidOpenXmlWithSummaryAndASheetPerSelectedTier()
    {
        using var xlsx = new XlsxTestReader(await XlsxAsync(ThreeTiers));

        Assert.Empty(xlsx.Validate());
        Assert.Equal(["Summary", "A", "B", "C", "Markets", "Dropped", "Incomplete"], xlsx.SheetNames);
        Assert.Equal(3, xlsx.Rows("A").Count);
        Assert.Single(xlsx.Rows("B"));
        Assert.Equal(2, xlsx.Rows("C").Count);
        var summary = xlsx.Texts("Summary");
        Assert.Equal(["Figure", "Value"], summary[0]);
        Assert.Contains(summary, r => r is ["Agents exported", "3"]);
        Assert.Contains(summary, r => r is ["Tier A ($40,000,000 volume)", "2"]);
        Assert.Equal("2026-11-23T00:00:00Z", xlsx.Workbook.OpenXmlPackage.PackageProperties.Created!.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WriteAsync_TierSheet_HasBoldFrozenHumanHeaderAutofilterAndWidths()
    {
        using var xlsx = new XlsxTestReader(await XlsxAsync(ThreeTiers));

        var header = xlsx.Rows("A")[0].Elements<Cell>().ToList();
        Assert.Equal(GradedColumns.All.Select(c => c.Header), header.Select(XlsxTestReader.Text));
        Assert.Equal("Agent", XlsxTestReader.Text(header[2]));
        Assert.All(header, c => Assert.True(xlsx.IsBold(c)));
        Assert.False(xlsx.IsBold(xlsx.Cell("A", "C2")));
        var sheet = xlsx.Worksheet("A");
        var pane = sheet.GetFirstChild<SheetViews>()!.GetFirstChild<SheetView>()!.GetFirstChild<Pane>()!;
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(1d, pane.VerticalSplit!.Value);
        Assert.Equal("A2", pane.TopLeftCell!.Value);
        Assert.Equal($"A1:{LastColumn}3", sheet.GetFirstChild<AutoFilter>()!.Reference!.Value);
        var widths = sheet.GetFirstChild<Columns>()!.Elements<Column>().Select(c => c.Width!.Value);
        Assert.Equal(GradedColumns.All.Select(c => c.Width), widths);
        var filters = xlsx.Workbook.Workbook.DefinedNames!.Elements<DefinedName>().Where(d => d.Name == "_xlnm._FilterDatabase").ToList();
        Assert.Contains(filters, d => d.Text == $"'A'!$A$1:${LastColumn}$3" && d.LocalSheetId!.Value == 1);
        Assert.Null(xlsx.Worksheet("Summary").GetFirstChild<AutoFilter>());
    }

    [Fact]
    public async Task WriteAsync_IdsAndZips_AreTextCellsKeepingLeadingZeros()
    {
        using var xlsx = new XlsxTestReader(await XlsxAsync([Row(7, "A", market: "02116")]));

        foreach (var (reference, text) in new[] { ("A2", "7"), ("B2", "1007"), (Ref("market", 2), "02116") })
        {
            var cell = xlsx.Cell("A", reference);
            Assert.Equal(CellValues.InlineString, cell.DataType!.Value);
            Assert.Equal(text, XlsxTestReader.Text(cell));
            Assert.Equal("@", xlsx.NumberFormat(cell));
        }
    }

    [Fact]
    public async Task WriteAsync_Figures_AreTypedCellsWithCurrencyAndSidesFormats()
    {
        using var xlsx = new XlsxTestReader(await XlsxAsync([Row(1, "A", volume: 1_000_000.5m, sides: 12.25m)]));

        var volume = xlsx.Cell("A", "F2");
        Assert.Null(volume.DataType);
        Assert.Equal("1000001", volume.CellValue!.Text);
        Assert.Equal("\"$\"#,##0", xlsx.NumberFormat(volume));
        var sides = xlsx.Cell("A", "G2");
        Assert.Equal("12.3", sides.CellValue!.Text);
        Assert.Equal("0.0", xlsx.NumberFormat(sides));
        var complete = xlsx.Cell("A", "K2");
        Assert.Equal(CellValues.Boolean, complete.DataType!.Value);
        Assert.Equal("1", complete.CellValue!.Text);
        Assert.Equal("3", xlsx.Cell("A", "M2").CellValue!.Text);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("+SUM(1)")]
    [InlineData("-1+1")]
    [InlineData("@cmd")]
    [InlineData("\tTab")]
    [InlineData("  =1+1")]
    public async Task WriteAsync_FormulaLikeText_IsAStringCellShowingTheCsvText(string name)
    {
        GradedRow[] rows = [Row(1, "A", name: name, office: name)];
        using var xlsx = new XlsxTestReader(await XlsxAsync(rows));
        var csvName = Csv.Fields(await CsvAsync(rows))[1][2];

        var cell = xlsx.Cell("A", "C2");
        Assert.Equal(CellValues.InlineString, cell.DataType!.Value);
        Assert.Equal("'" + name, XlsxTestReader.Text(cell));
        Assert.Equal(csvName, XlsxTestReader.Text(cell));
        Assert.Equal("'" + name, XlsxTestReader.Text(xlsx.Cell("A", "D2")));
        foreach (var sheet in xlsx.SheetNames)
        {
            Assert.Empty(xlsx.Worksheet(sheet).Descendants<CellFormula>());
        }
    }

    [Fact]
    public async Task WriteAsync_TierOverTheSheetLimit_ContinuesOnNumberedSheets()
    {
        var rows = Enumerable.Range(1, 9).Select(i => Row(i, "A", volume: 100m - i)).Append(Row(20, "C")).Append(Row(21, "C")).ToList();

        using var xlsx = new XlsxTestReader(await XlsxAsync(rows, new ExportOptions { MaxRowsPerSheet = 5 }));

        Assert.Empty(xlsx.Validate());
        Assert.Equal(["Summary", "A", "A (2)", "A (3)", "B", "C", "Markets", "Dropped", "Incomplete"], xlsx.SheetNames);
        Assert.Equal([5, 5, 2, 1, 3], new[] { "A", "A (2)", "A (3)", "B", "C" }.Select(s => xlsx.Rows(s).Count));
        var ids = new[] { "A", "A (2)", "A (3)" }.SelectMany(s => xlsx.Texts(s).Skip(1).Select(r => r[0]));
        Assert.Equal(Enumerable.Range(1, 9).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
        Assert.Equal(GradedColumns.All[0].Header, xlsx.Texts("A (2)")[0][0]);
        Assert.Equal($"A1:{LastColumn}5", xlsx.Worksheet("A (2)").GetFirstChild<AutoFilter>()!.Reference!.Value);
        Assert.Equal($"A1:{LastColumn}2", xlsx.Worksheet("A (3)").GetFirstChild<AutoFilter>()!.Reference!.Value);
    }

    [Fact]
    public async Task WriteAsync_LongTierNameSpilling_KeepsSheetNamesUniqueAndWithin31Characters()
    {
        var name = new string('T', 31);
        var plan = Plan with { Tiers = [new("[Top]/" + name, 40_000_000m, null), new(name, 1m, null)], SelectedTiers = ["[Top]/" + name, name] };
        var rows = Enumerable.Range(1, 3).Select(i => Row(i, "[Top]/" + name)).Concat(Enumerable.Range(4, 3).Select(i => Row(i, name))).ToList();

        using var xlsx = new XlsxTestReader(await XlsxAsync(rows, new ExportOptions { MaxRowsPerSheet = 2 }, plan));

        Assert.Empty(xlsx.Validate());
        Assert.Equal(10, xlsx.SheetNames.Count);
        Assert.Equal(xlsx.SheetNames.Count, xlsx.SheetNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(xlsx.SheetNames, n => Assert.InRange(n.Length, 1, 31));
        Assert.All(xlsx.SheetNames, n => Assert.Equal(-1, n.IndexOfAny(['[', ']', ':', '*', '?', '/', '\\'])));
        Assert.Equal(["Summary", "_Top__" + new string('T', 25), "_Top__" + new string('T', 21) + " (2)", "_Top__" + new string('T', 21) + " (3)", name], xlsx.SheetNames.Take(5));
    }

    [Fact]
    public async Task WriteAsync_RowsOutOfTierOrder_Throws()
    {
        using var output = new MemoryStream();
        GradedRow[] rows = [Row(1, "C"), Row(2, "A")];

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            XlsxExportWriter.WriteAsync(output, Plan, Summary(rows), rows, ExportOptions.Default, CancellationToken.None));
        Assert.Contains("tier 'A'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_EmptyText_LeavesTheCellBlank()
    {
        using var xlsx = new XlsxTestReader(await XlsxAsync([Row(1, "A", office: null)]));

        var row = xlsx.Rows("A")[1];
        Assert.DoesNotContain(row.Elements<Cell>(), c => c.CellReference == "D2" || c.CellReference == Ref("movement", 2));
        Assert.Equal("A", XlsxTestReader.Text(xlsx.Cell("A", "E2")));
    }

    [Fact]
    public async Task WriteAsync_TextXmlCannotCarry_IsReplacedAndTheFileStaysValid()
    {
        using var xlsx = new XlsxTestReader(await XlsxAsync([Row(1, "A", name: "Bad\u0001Name\uD800", office: new string('x', 40_000))]));

        Assert.Empty(xlsx.Validate());
        Assert.Equal("Bad\uFFFDName\uFFFD", XlsxTestReader.Text(xlsx.Cell("A", "C2")));
        Assert.Equal(32_767, XlsxTestReader.Text(xlsx.Cell("A", "D2")).Length);
    }
}

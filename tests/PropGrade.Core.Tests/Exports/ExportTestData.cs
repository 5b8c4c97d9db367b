using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Core.Tests.Fakes;

namespace PropGrade.Core.Tests.Exports;

/// <summary>Rows, a plan and a summary for the export writer tests.</summary>
internal static class ExportTestData
{
    public static readonly RunRequest Request = new RunDefaults(TestData.Today, ["07030"]).CreateDefaultRequest();
    public static readonly GradingPlan Plan = GradingPlan.From(Request, TestData.Today);

    public static GradedRow Row(long id, string tier, string? name = null, string? office = "Office", string? market = "07030", decimal volume = 1_000_000.5m, decimal sides = 12.5m) =>
        new(TestData.Id(id), TestData.Id(id + 1000), name ?? $"Agent {id}", office, tier, volume, sides, 0m, 0m, "B", true, StopReasons.TierSettled, 3, "", market);

    public static RunSummary Summary(IReadOnlyCollection<GradedRow> rows) => new(
        Request, TestData.Today, rows.Count, rows.Count, rows.Count, 0, 0, rows.Count,
        rows.GroupBy(r => r.Tier).ToDictionary(g => g.Key, g => g.Count()),
        new Dictionary<string, int>(), new Dictionary<string, int>(), null);

    /// <summary>The XLSX reference of a graded column (by its CSV header) in a row: <c>Ref("market", 2)</c> is <c>AA2</c>.</summary>
    public static string Ref(string csvHeader, int row) =>
        Column(GradedColumns.All.Select(c => c.CsvHeader).ToList().IndexOf(csvHeader)) + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The last graded column's letters (<c>AB</c>).</summary>
    public static string LastColumn => Column(GradedColumns.All.Count - 1);

    private static string Column(int index)
    {
        Assert.True(index >= 0);
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    public static async Task<byte[]> XlsxAsync(IReadOnlyList<GradedRow> rows, ExportOptions? options = null, GradingPlan? plan = null)
    {
        using var output = new MemoryStream();
        await XlsxExportWriter.WriteAsync(output, plan ?? Plan, Summary(rows), rows, options ?? ExportOptions.Default, CancellationToken.None);
        return output.ToArray();
    }

    public static async Task<string> CsvAsync(IReadOnlyList<GradedRow> rows, ExportOptions? options = null)
    {
        using var output = new MemoryStream();
        await CsvExportWriter.WriteAsync(output, rows, options ?? ExportOptions.Default, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }
}

namespace PropGrade.Core.Exports;

/// <summary>The export file names of <c>contracts/runs-api.md</c>.</summary>
public static class ExportNames
{
    public const string GradedCsv = "graded.csv";
    public const string GradedXlsx = "graded.xlsx";
    public const string SummaryJson = "summary.json";

    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string JsonContentType = "application/json";

    public static IReadOnlyList<string> All { get; } = [GradedCsv, GradedXlsx, SummaryJson];
}

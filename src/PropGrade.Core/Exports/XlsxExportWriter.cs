using System.Globalization;
using System.IO.Compression;
using PropGrade.Core.Grading;

namespace PropGrade.Core.Exports;

/// <summary>
/// <c>graded.xlsx</c>, streamed: a <c>Summary</c> sheet, then a sheet per selected tier (plan order) with the columns
/// of <see cref="GradedColumns"/> under their human headers; ids and ZIPs as text, volumes as whole-dollar currency
/// <c>"$"#,##0</c>, sides <c>0.0</c>; bold frozen header, autofilter, fixed column widths. A tier with more rows
/// than a sheet holds (<see cref="ExportOptions.MaxRowsPerSheet"/>, header included) continues on "A (2)", "A (3)"...
/// Text cells are strings, never formulas, neutralised as the CSV is (<see cref="FormulaGuard"/>).
/// <para>
/// Rows are written as they are enumerated (SAX-style <c>OpenXmlWriter</c> into a zip entry), so memory does not
/// depend on the number of rows. The same rows, plan and summary give byte-identical files: fixed document dates
/// and zip entry times (the plan's <c>asOf</c>), fixed part order and relationship ids, for a seekable output.
/// </para>
/// </summary>
public static class XlsxExportWriter
{
    private static readonly double[] SummaryWidths = [40, 20];

    /// <summary>
    /// Writes the workbook to <paramref name="output"/> (left open). <paramref name="rows"/> must be grouped by tier
    /// in the plan's tier order and hold selected tiers only (the aggregation's order: tier, then volume).
    /// </summary>
    /// <exception cref="InvalidOperationException">A row comes out of that order or is of a tier not selected.</exception>
    public static async Task WriteAsync(Stream output, GradingPlan plan, RunSummary summary, IAsyncEnumerable<GradedRow> rows, ExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var columns = GradedColumns.All;
        var widths = columns.Select(c => c.Width).ToArray();
        var names = new SheetNames();
        var summaryName = names.Claim("Summary");
        var tiers = plan.Tiers.Where(t => plan.IsSelected(t.Name)).Select(t => (Tier: t.Name, Sheet: names.Claim(t.Name))).ToList();

        using var package = new XlsxPackage(output, plan.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), CompressionLevel.Optimal);
        using (var sheet = package.BeginSheet(SummaryWidths, autoFilter: false))
        {
            WriteSummary(sheet, plan, summary);
            package.EndSheet(sheet, summaryName, autoFilter: false);
        }

        var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            var more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            foreach (var (tier, firstSheet) in tiers)
            {
                var sheetName = firstSheet;
                var sheet = BeginTierSheet(package, columns, widths);
                try
                {
                    while (more && string.Equals(enumerator.Current.Tier, tier, StringComparison.Ordinal))
                    {
                        if (sheet.Rows >= options.MaxRowsPerSheet)
                        {
                            package.EndSheet(sheet, sheetName, autoFilter: true);
                            sheet.Dispose();
                            sheetName = names.Claim(firstSheet);
                            sheet = BeginTierSheet(package, columns, widths);
                        }

                        WriteRow(sheet, columns, enumerator.Current);
                        if (sheet.Rows % 4096 == 0)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                        }

                        more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                    }

                    package.EndSheet(sheet, sheetName, autoFilter: true);
                }
                finally
                {
                    sheet.Dispose();
                }
            }

            if (more)
            {
                throw new InvalidOperationException(
                    $"Rows must come grouped by tier in the plan's order, selected tiers only; a row of tier '{enumerator.Current.Tier}' (advertiser {enumerator.Current.AdvertiserId}) came after them.");
            }
        }

        package.Complete();
    }

    /// <summary>The same, for rows already in memory.</summary>
    public static Task WriteAsync(Stream output, GradingPlan plan, RunSummary summary, IEnumerable<GradedRow> rows, ExportOptions options, CancellationToken cancellationToken) =>
        WriteAsync(output, plan, summary, (rows ?? throw new ArgumentNullException(nameof(rows))).ToAsyncEnumerable(), options, cancellationToken);

    private static XlsxSheetWriter BeginTierSheet(XlsxPackage package, IReadOnlyList<ExportColumn> columns, double[] widths)
    {
        var sheet = package.BeginSheet(widths, autoFilter: true);
        sheet.WriteHeader(columns.Select(c => c.Header));
        return sheet;
    }

    private static void WriteRow(XlsxSheetWriter sheet, IReadOnlyList<ExportColumn> columns, GradedRow row)
    {
        sheet.StartRow();
        foreach (var column in columns)
        {
            switch (column.Type)
            {
                case ExportCellType.Text:
                    sheet.TextCell(FormulaGuard.Neutralize(column.TextValue!(row)), XlsxStyles.Text);
                    break;
                case ExportCellType.Flag:
                    sheet.FlagCell(column.FlagValue!(row));
                    break;
                default:
                    sheet.NumberCell(column.CsvText(row), XlsxStyles.Of(column.Type));
                    break;
            }
        }

        sheet.EndRow();
    }

    private static void WriteSummary(XlsxSheetWriter sheet, GradingPlan plan, RunSummary summary)
    {
        var inv = CultureInfo.InvariantCulture;
        sheet.WriteHeader(["Figure", "Value"]);

        void Line(string label, string value)
        {
            sheet.StartRow();
            sheet.TextCell(FormulaGuard.Neutralize(label), XlsxStyles.Default);
            sheet.TextCell(FormulaGuard.Neutralize(value), XlsxStyles.Default);
            sheet.EndRow();
        }

        void Count(string label, int value)
        {
            sheet.StartRow();
            sheet.TextCell(FormulaGuard.Neutralize(label), XlsxStyles.Default);
            sheet.NumberCell(value.ToString(inv), XlsxStyles.Default);
            sheet.EndRow();
        }

        Line("Sold since", plan.SoldSince.ToString("yyyy-MM-dd", inv));
        Line("As of", plan.AsOf.ToString("yyyy-MM-dd", inv));
        Line("Include active", plan.IncludeActive ? "yes" : "no");
        Line("Selected tiers", string.Join(", ", plan.SelectedTiers));
        Count("Agents discovered", summary.AgentsDiscovered);
        Count("Agents graded", summary.AgentsGraded);
        Count("Agents incomplete", summary.AgentsIncomplete);
        Count("Agents skipped by profile bound", summary.AgentsSkipped);
        Count("Agents exported", summary.AgentsExported);
        foreach (var tier in plan.Tiers)
        {
            var criteria = string.Join(" or ", new[]
            {
                tier.MinVolume is { } v ? string.Create(inv, $"${v:#,##0} volume") : null,
                tier.MinSides is { } s ? string.Create(inv, $"{s} sides") : null,
            }.Where(x => x is not null));
            Count($"Tier {tier.Name} ({criteria})", summary.TierCounts.GetValueOrDefault(tier.Name));
        }

        Count(GradingPlan.Unranked, summary.TierCounts.GetValueOrDefault(GradingPlan.Unranked));
        foreach (var (reason, count) in summary.IncompleteReasons)
        {
            Count($"Incomplete: {reason}", count);
        }

        foreach (var (movement, count) in summary.Movement)
        {
            Count($"Movement: {movement}", count);
        }
    }
}

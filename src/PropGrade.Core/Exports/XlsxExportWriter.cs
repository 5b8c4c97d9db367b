using System.Globalization;
using System.IO.Compression;
using PropGrade.Core.Grading;

namespace PropGrade.Core.Exports;

/// <summary>
/// <c>graded.xlsx</c>, streamed, for a sales team: a <c>Summary</c> sheet (the run, its window, what the movement was
/// compared with, counts), a sheet per selected tier (plan order) with the columns of <see cref="GradedColumns"/> under
/// their human headers, then <c>Markets</c> (tier counts per ZIP, truncated and failed markets), <c>Dropped</c> (agents
/// who left the selected tiers since the comparable previous run, and why) and <c>Incomplete</c> (every incomplete
/// agent, whatever its tier so far, with its stop reason and what was read). Ids and ZIPs are text, volumes whole-dollar
/// currency <c>"$"#,##0</c>, sides <c>0.0</c>; bold frozen header, autofilter, fixed column widths. A sheet with more rows
/// than a sheet holds (<see cref="ExportOptions.MaxRowsPerSheet"/>, header included) continues on "A (2)", "A (3)"...
/// Text cells are strings, never formulas, neutralised as the CSV is (<see cref="FormulaGuard"/>).
/// <para>
/// Tier rows are written as they are enumerated (SAX-style <c>OpenXmlWriter</c> into a zip entry), so memory does not
/// depend on the number of rows. The same rows, plan, summary and details give byte-identical files: fixed document
/// dates and zip entry times (the plan's <c>asOf</c>), fixed part order and relationship ids, for a seekable output.
/// </para>
/// </summary>
public static class XlsxExportWriter
{
    public const string SummarySheet = "Summary";
    public const string MarketsSheet = "Markets";
    public const string DroppedSheet = "Dropped";
    public const string IncompleteSheet = "Incomplete";

    private static readonly double[] SummaryWidths = [36, 110];

    /// <summary>
    /// Writes the workbook to <paramref name="output"/> (left open). <paramref name="rows"/> must be grouped by tier
    /// in the plan's tier order and hold selected tiers only (the aggregation's order: tier, then volume).
    /// <paramref name="details"/> fills the Markets, Dropped and Incomplete sheets (null: those sheets hold their
    /// headers only).
    /// </summary>
    /// <exception cref="InvalidOperationException">A row comes out of that order or is of a tier not selected.</exception>
    public static async Task WriteAsync(Stream output, GradingPlan plan, RunSummary summary, IAsyncEnumerable<GradedRow> rows, ExportOptions options, CancellationToken cancellationToken, ExportDetails? details = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        details ??= ExportDetails.Empty;

        var columns = GradedColumns.All;
        var widths = columns.Select(c => c.Width).ToArray();
        var names = new SheetNames();
        var summaryName = names.Claim(SummarySheet);
        var marketsName = names.Claim(MarketsSheet);
        var droppedName = names.Claim(DroppedSheet);
        var incompleteName = names.Claim(IncompleteSheet);
        var tiers = plan.Tiers.Where(t => plan.IsSelected(t.Name)).Select(t => (Tier: t.Name, Sheet: names.Claim(t.Name))).ToList();

        using var package = new XlsxPackage(output, plan.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), CompressionLevel.Optimal);
        using (var sheet = package.BeginSheet(SummaryWidths, autoFilter: false))
        {
            WriteSummary(sheet, plan, summary, details);
            package.EndSheet(sheet, summaryName, autoFilter: false);
        }

        var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            var more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            foreach (var (tier, firstSheet) in tiers)
            {
                var sheetName = firstSheet;
                var sheet = BeginTableSheet(package, columns.Select(c => c.Header), widths);
                try
                {
                    while (more && string.Equals(enumerator.Current.Tier, tier, StringComparison.Ordinal))
                    {
                        if (sheet.Rows >= options.MaxRowsPerSheet)
                        {
                            package.EndSheet(sheet, sheetName, autoFilter: true);
                            sheet.Dispose();
                            sheetName = names.Claim(firstSheet);
                            sheet = BeginTableSheet(package, columns.Select(c => c.Header), widths);
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

        var tierNames = plan.Tiers.Select(t => t.Name).Append(GradingPlan.Unranked).ToList();
        WriteTable(package, names, marketsName, MarketHeaders(tierNames), MarketWidths(tierNames.Count), details.Markets, (s, m) => WriteMarket(s, m, tierNames), options, cancellationToken);
        WriteTable(package, names, droppedName, DroppedHeaders, DroppedWidths, details.Dropped, WriteDropped, options, cancellationToken,
            details.Dropped.Count == 0 ? DroppedNote(summary) : null);
        WriteTable(package, names, incompleteName, columns.Select(c => c.Header).ToList(), widths, details.Incomplete, (s, r) => WriteRow(s, columns, r), options, cancellationToken,
            details.Incomplete.Count == 0 ? "No incomplete agent: every agent was graded to the end." : null);
        package.Complete();
    }

    /// <summary>The same, for rows already in memory.</summary>
    public static Task WriteAsync(Stream output, GradingPlan plan, RunSummary summary, IEnumerable<GradedRow> rows, ExportOptions options, CancellationToken cancellationToken, ExportDetails? details = null) =>
        WriteAsync(output, plan, summary, (rows ?? throw new ArgumentNullException(nameof(rows))).ToAsyncEnumerable(), options, cancellationToken, details);

    private static XlsxSheetWriter BeginTableSheet(XlsxPackage package, IEnumerable<string> headers, IReadOnlyList<double> widths)
    {
        var sheet = package.BeginSheet(widths, autoFilter: true);
        sheet.WriteHeader(headers);
        return sheet;
    }

    /// <summary>A table sheet from rows in memory, continuing on "Name (2)"... past the row limit; a note row when there are none.</summary>
    private static void WriteTable<T>(
        XlsxPackage package, SheetNames names, string firstSheet, IReadOnlyList<string> headers, IReadOnlyList<double> widths, IReadOnlyCollection<T> items,
        Action<XlsxSheetWriter, T> write, ExportOptions options, CancellationToken cancellationToken, string? emptyNote = null)
    {
        var sheetName = firstSheet;
        var sheet = BeginTableSheet(package, headers, widths);
        try
        {
            if (items.Count == 0 && emptyNote is not null)
            {
                sheet.StartRow();
                sheet.TextCell(FormulaGuard.Neutralize(emptyNote), XlsxStyles.Default);
                sheet.EndRow();
            }

            foreach (var item in items)
            {
                if (sheet.Rows >= options.MaxRowsPerSheet)
                {
                    package.EndSheet(sheet, sheetName, autoFilter: true);
                    sheet.Dispose();
                    sheetName = names.Claim(firstSheet);
                    sheet = BeginTableSheet(package, headers, widths);
                }

                write(sheet, item);
                if (sheet.Rows % 4096 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            package.EndSheet(sheet, sheetName, autoFilter: true);
        }
        finally
        {
            sheet.Dispose();
        }
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

    private static IReadOnlyList<string> MarketHeaders(IReadOnlyList<string> tiers) =>
        ["Market (ZIP)", "Agents found", "Graded", .. tiers.Select(t => t == GradingPlan.Unranked ? t : $"Tier {t}"), "Incomplete", "Truncated", "Not reached", "Failed"];

    private static double[] MarketWidths(int tiers) => [12, 12, 10, .. Enumerable.Repeat(10d, tiers), 11, 10, 11, 24];

    private static void WriteMarket(XlsxSheetWriter sheet, MarketRow market, IReadOnlyList<string> tiers)
    {
        var inv = CultureInfo.InvariantCulture;
        sheet.StartRow();
        sheet.TextCell(FormulaGuard.Neutralize(market.PostalCode.Length == 0 ? "(roster)" : market.PostalCode), XlsxStyles.Text);
        if (market.AgentsFound is { } found)
        {
            sheet.NumberCell(found.ToString(inv), XlsxStyles.Default);
        }
        else
        {
            sheet.TextCell("", XlsxStyles.Default);
        }

        sheet.NumberCell(market.Graded.ToString(inv), XlsxStyles.Default);
        foreach (var tier in tiers)
        {
            sheet.NumberCell(market.TierCounts.GetValueOrDefault(tier).ToString(inv), XlsxStyles.Default);
        }

        sheet.NumberCell(market.Incomplete.ToString(inv), XlsxStyles.Default);
        sheet.FlagCell(market.Truncated);
        sheet.NumberCell(market.NotReached.ToString(inv), XlsxStyles.Default);
        sheet.TextCell(FormulaGuard.Neutralize(market.Failed ?? ""), XlsxStyles.Text);
        sheet.EndRow();
    }

    private static readonly string[] DroppedHeaders =
    [
        "Advertiser ID", "Agent", "Office", "Market (ZIP)", "Previous tier", "Previous closed volume", "Previous sides",
        "Tier now", "Reason", "Closed volume now", "Sides now", "Stop reason", "Phone", "Email", "NRDS ID",
    ];

    private static readonly double[] DroppedWidths = [14, 28, 32, 12, 10, 16, 10, 10, 14, 16, 10, 18, 16, 28, 12];

    private static void WriteDropped(XlsxSheetWriter sheet, DroppedRow row)
    {
        sheet.StartRow();
        Text(sheet, row.AdvertiserId);
        Text(sheet, row.Name);
        Text(sheet, row.Office);
        Text(sheet, row.Market);
        Text(sheet, row.PreviousTier);
        sheet.NumberCell(ExportFormat.DollarsText(row.PreviousVolume), XlsxStyles.Currency);
        sheet.NumberCell(ExportFormat.SidesText(row.PreviousSides), XlsxStyles.Sides);
        Text(sheet, row.Tier);
        Text(sheet, row.Reason);
        Number(sheet, row.SoldVolume, ExportFormat.DollarsText, XlsxStyles.Currency);
        Number(sheet, row.SoldSides, ExportFormat.SidesText, XlsxStyles.Sides);
        Text(sheet, row.StopReason);
        Text(sheet, row.Contact?.Phone);
        Text(sheet, row.Contact?.Email);
        Text(sheet, row.Contact?.NrdsId);
        sheet.EndRow();

        static void Text(XlsxSheetWriter sheet, string? value) => sheet.TextCell(FormulaGuard.Neutralize(value ?? ""), XlsxStyles.Text);

        static void Number(XlsxSheetWriter sheet, decimal? value, Func<decimal, string> text, uint style)
        {
            if (value is { } v)
            {
                sheet.NumberCell(text(v), style);
            }
            else
            {
                sheet.TextCell("", XlsxStyles.Default);
            }
        }
    }

    private static string DroppedNote(RunSummary summary) => summary.PreviousRunId is { } previous
        ? $"No agent left the selected tiers since run {previous}."
        : "No comparable previous run: nothing to compare with, so no agent is listed as dropped.";

    private static void WriteSummary(XlsxSheetWriter sheet, GradingPlan plan, RunSummary summary, ExportDetails details)
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

        if (summary.Request.Name is { } name)
        {
            Line("Run", name);
        }

        Line("Window", string.Create(inv, $"{plan.SoldSince:yyyy-MM-dd} to {plan.AsOf:yyyy-MM-dd}")
            + (summary.Request.RollingMonths is { } months ? string.Create(inv, $" (the {months} months before the API's today, {plan.ApiToday:yyyy-MM-dd})") : ""));
        Line("Sold since", plan.SoldSince.ToString("yyyy-MM-dd", inv));
        Line("As of", plan.AsOf.ToString("yyyy-MM-dd", inv));
        Line("Include active", plan.IncludeActive ? "yes" : "no");
        Line("Selected tiers", string.Join(", ", plan.SelectedTiers));
        Line("Compared with", (summary.Comparison ?? (summary.PreviousRunId is { } id ? new Runs.RunComparison(id, null, null, null, $"Compared with run {id}.") : Runs.RunComparison.None)).Description);
        Count("Agents discovered", summary.AgentsDiscovered);
        Count("Agents graded", summary.AgentsGraded);
        Count("Agents incomplete (see the Incomplete sheet)", summary.AgentsIncomplete);
        Count("Agents skipped by profile bound", summary.AgentsSkipped);
        Count("Agents exported", summary.AgentsExported);
        foreach (var tier in plan.Tiers)
        {
            Count($"Tier {tier.Name} ({Runs.RunRequestValidator.Criteria(tier)})", summary.TierCounts.GetValueOrDefault(tier.Name));
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

        if (summary.PreviousRunId is not null)
        {
            Count("Dropped from the selected tiers (see the Dropped sheet)", details.Dropped.Count);
        }

        if (summary.Markets is { Count: > 0 } markets)
        {
            Count("Markets", markets.Count);
            Count("Markets truncated", markets.Count(m => m.Truncated));
            Count("Markets failed", markets.Count(m => m.Failed is not null));
        }
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using PropGrade.Core.Grading;

namespace PropGrade.Core.Exports;

/// <summary>
/// <c>graded.xlsx</c> (ClosedXML): a summary sheet and a sheet per selected tier, currency formatting, frozen
/// header, filters. Made byte-for-byte reproducible: fixed document dates and a re-zipped package with fixed
/// entry times, so that a regrade of the same data gives the same file.
/// </summary>
internal static partial class XlsxExportWriter
{
    private const string Currency = "\"$\"#,##0";
    private const string SidesFormat = "0.0";

    public static byte[] Write(IReadOnlyList<GradedRow> rows, GradingPlan plan, RunSummary summary)
    {
        var fixedTime = plan.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        using var workbook = new XLWorkbook();
        workbook.Properties.Author = "PropGrade";
        workbook.Properties.Title = "PropGrade graded agents";
        workbook.Properties.Created = fixedTime;
        workbook.Properties.Modified = fixedTime;
        workbook.Properties.LastModifiedBy = "PropGrade";

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        WriteSummary(workbook.Worksheets.Add(Unique("Summary", names)), plan, summary);
        foreach (var tier in plan.Tiers.Where(t => plan.IsSelected(t.Name)))
        {
            var sheet = workbook.Worksheets.Add(Unique(SheetName(tier.Name), names));
            WriteRows(sheet, rows.Where(r => r.Tier == tier.Name).ToList());
        }

        using var raw = new MemoryStream();
        workbook.SaveAs(raw);
        return Normalize(raw.ToArray(), fixedTime);
    }

    private static void WriteSummary(IXLWorksheet sheet, GradingPlan plan, RunSummary summary)
    {
        var r = 1;
        void Line(string label, object? value, string? format = null)
        {
            sheet.Cell(r, 1).Value = label;
            var cell = sheet.Cell(r, 2);
            cell.Value = value;
            if (format is not null)
            {
                cell.Style.NumberFormat.Format = format;
            }

            r++;
        }

        sheet.Cell(r, 1).Value = "Figure";
        sheet.Cell(r, 2).Value = "Value";
        sheet.Row(r).Style.Font.Bold = true;
        r++;
        Line("Sold since", plan.SoldSince.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Line("As of", plan.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Line("Include active", plan.IncludeActive ? "yes" : "no");
        Line("Selected tiers", string.Join(", ", plan.SelectedTiers));
        Line("Agents discovered", summary.AgentsDiscovered);
        Line("Agents graded", summary.AgentsGraded);
        Line("Agents incomplete", summary.AgentsIncomplete);
        Line("Agents skipped by profile bound", summary.AgentsSkipped);
        Line("Agents exported", summary.AgentsExported);
        foreach (var tier in plan.Tiers)
        {
            var criteria = string.Join(" or ", new[]
            {
                tier.MinVolume is { } v ? $"${v:#,##0} volume" : null,
                tier.MinSides is { } s ? $"{s} sides" : null,
            }.Where(x => x is not null));
            Line($"Tier {tier.Name} ({criteria})", summary.TierCounts.GetValueOrDefault(tier.Name));
        }

        Line(GradingPlan.Unranked, summary.TierCounts.GetValueOrDefault(GradingPlan.Unranked));
        foreach (var (reason, count) in summary.IncompleteReasons)
        {
            Line($"Incomplete: {reason}", count);
        }

        foreach (var (movement, count) in summary.Movement)
        {
            Line($"Movement: {movement}", count);
        }

        sheet.Column(1).Width = 40;
        sheet.Column(2).Width = 20;
        sheet.SheetView.FreezeRows(1);
    }

    private static void WriteRows(IXLWorksheet sheet, List<GradedRow> rows)
    {
        for (var c = 0; c < ExportFormat.Columns.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = ExportFormat.Columns[c];
        }

        sheet.Row(1).Style.Font.Bold = true;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var r = i + 2;
            sheet.Cell(r, 1).SetValue(row.AdvertiserId); // ids stay text
            sheet.Cell(r, 2).SetValue(row.FulfillmentId);
            sheet.Cell(r, 3).Value = row.Name;
            sheet.Cell(r, 4).Value = row.Office ?? "";
            sheet.Cell(r, 5).Value = row.Tier;
            sheet.Cell(r, 6).Value = ExportFormat.Dollars(row.SoldVolume);
            sheet.Cell(r, 7).Value = ExportFormat.Sides(row.SoldSides);
            sheet.Cell(r, 8).Value = ExportFormat.Dollars(row.ActiveVolume);
            sheet.Cell(r, 9).Value = ExportFormat.Sides(row.ActiveCount);
            sheet.Cell(r, 10).Value = row.InitialTier ?? "";
            sheet.Cell(r, 11).Value = row.Complete;
            sheet.Cell(r, 12).Value = row.StopReason;
            sheet.Cell(r, 13).Value = row.PagesFetched;
            sheet.Cell(r, 14).Value = row.Movement;
            sheet.Cell(r, 15).Value = row.Market ?? "";
            sheet.Cell(r, 16).Value = row.UndisclosedSales;
            sheet.Cell(r, 17).Value = row.VolumeEstimated;
            sheet.Cell(r, 18).Value = row.UnknownSides;
        }

        var last = Math.Max(rows.Count + 1, 2);
        sheet.Range(2, 6, last, 6).Style.NumberFormat.Format = Currency;
        sheet.Range(2, 8, last, 8).Style.NumberFormat.Format = Currency;
        sheet.Range(2, 7, last, 7).Style.NumberFormat.Format = SidesFormat;
        sheet.Range(2, 9, last, 9).Style.NumberFormat.Format = SidesFormat;
        int[] widths = [14, 14, 28, 32, 10, 16, 10, 16, 10, 12, 10, 16, 12, 10, 10, 12, 12, 12];
        for (var c = 0; c < widths.Length; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }

        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, rows.Count + 1, ExportFormat.Columns.Length).SetAutoFilter();
    }

    private static string SheetName(string tier)
    {
        var cleaned = new string([.. tier.Select(ch => "[]:*?/\\".Contains(ch, StringComparison.Ordinal) ? '_' : ch)]).Trim('\'');
        cleaned = cleaned.Length == 0 ? "Tier" : cleaned;
        return cleaned.Length > 31 ? cleaned[..31] : cleaned;
    }

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = (name.Length + suffix.Length > 31 ? name[..(31 - suffix.Length)] : name) + suffix;
        }

        return candidate;
    }

    /// <summary>
    /// Re-zips the package with fixed entry times and with the random parts System.IO.Packaging writes (relationship
    /// ids <c>R</c> + 16 hex digits, the core-properties part's GUID name) replaced by numbers in order of appearance.
    /// </summary>
    private static byte[] Normalize(byte[] package, DateTime fixedTime)
    {
        var stamp = new DateTimeOffset(DateTime.SpecifyKind(fixedTime.Year < 1980 ? new DateTime(1980, 1, 1) : fixedTime, DateTimeKind.Unspecified), TimeSpan.Zero);
        using var input = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        var parts = new List<(string Name, byte[] Content)>();
        foreach (var entry in input.Entries)
        {
            using var from = entry.Open();
            using var copy = new MemoryStream();
            from.CopyTo(copy);
            parts.Add((GuidName().Replace(entry.FullName, "core"), copy.ToArray()));
        }

        parts.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var texts = parts.Select(p => Encoding.UTF8.GetString(p.Content)).ToList();
        foreach (var text in texts)
        {
            foreach (Match m in RelationshipId().Matches(text))
            {
                if (!ids.ContainsKey(m.Value))
                {
                    ids[m.Value] = "R" + ids.Count.ToString("x16", CultureInfo.InvariantCulture);
                }
            }
        }

        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < parts.Count; i++)
            {
                var text = RelationshipId().Replace(texts[i], m => ids[m.Value]);
                text = GuidName().Replace(text, "core");
                var entry = zip.CreateEntry(parts[i].Name, CompressionLevel.Optimal);
                entry.LastWriteTime = stamp;
                using var to = entry.Open();
                var bytes = Encoding.UTF8.GetBytes(text);
                to.Write(bytes);
            }
        }

        return output.ToArray();
    }

    [GeneratedRegex("\\bR[0-9a-f]{16}\\b", RegexOptions.CultureInvariant)]
    private static partial Regex RelationshipId();

    [GeneratedRegex("[0-9a-f]{32}", RegexOptions.CultureInvariant)]
    private static partial Regex GuidName();
}

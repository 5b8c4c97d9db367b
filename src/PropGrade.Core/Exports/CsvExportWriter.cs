using System.Globalization;
using CsvHelper;

namespace PropGrade.Core.Exports;

/// <summary><c>graded.csv</c> (CsvHelper, RFC 4180 quoting, UTF-8 without BOM, LF line ends).</summary>
internal static class CsvExportWriter
{
    public static byte[] Write(IReadOnlyList<GradedRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, true))
        {
            foreach (var column in ExportFormat.Columns)
            {
                csv.WriteField(column);
            }

            csv.EndRecord();
            foreach (var row in rows)
            {
                csv.WriteField(row.AdvertiserId);
                csv.WriteField(row.FulfillmentId);
                csv.WriteField(row.Name);
                csv.WriteField(row.Office ?? "");
                csv.WriteField(row.Tier);
                csv.WriteField(ExportFormat.DollarsText(row.SoldVolume));
                csv.WriteField(ExportFormat.SidesText(row.SoldSides));
                csv.WriteField(ExportFormat.DollarsText(row.ActiveVolume));
                csv.WriteField(ExportFormat.SidesText(row.ActiveCount));
                csv.WriteField(row.InitialTier ?? "");
                csv.WriteField(row.Complete ? "true" : "false");
                csv.WriteField(row.StopReason);
                csv.WriteField(row.PagesFetched.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(row.Movement);
                csv.WriteField(row.Market ?? "");
                csv.WriteField(row.UndisclosedSales.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(row.VolumeEstimated ? "true" : "false");
                csv.WriteField(row.UnknownSides.ToString(CultureInfo.InvariantCulture));
                csv.EndRecord();
            }
        }

        return buffer.ToArray();
    }
}

using System.Globalization;
using CsvHelper;

namespace PropGrade.Core.Exports;

/// <summary>
/// <c>graded.csv</c>, streamed row by row (CsvHelper, RFC 4180 quoting, UTF-8, LF line ends): the columns of
/// <see cref="GradedColumns"/> under their CSV headers, text neutralised against formulas (<see cref="FormulaGuard"/>),
/// volumes in whole dollars, sides with up to one decimal. Memory does not depend on the number of rows.
/// </summary>
public static class CsvExportWriter
{
    /// <summary>Writes the header and one record per row to <paramref name="output"/> (left open).</summary>
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<GradedRow> rows, ExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var columns = GradedColumns.All;
        var settings = new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture, WriteByteOrderMark = options.CsvUtf8Bom };
        await using var csv = CsvWriter.Create(output, settings, leaveOpen: true);
        foreach (var column in columns)
        {
            csv.WriteField(column.CsvHeader);
        }

        await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var column in columns)
            {
                csv.WriteField(column.CsvText(row));
            }

            await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
        }

        await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same, for rows already in memory.</summary>
    public static Task WriteAsync(Stream output, IEnumerable<GradedRow> rows, ExportOptions options, CancellationToken cancellationToken) =>
        WriteAsync(output, (rows ?? throw new ArgumentNullException(nameof(rows))).ToAsyncEnumerable(), options, cancellationToken);
}

using System.Globalization;
using CsvHelper;

namespace PropGrade.Core.Exports;

/// <summary>
/// <c>graded.csv</c> and <c>contacts.csv</c>, streamed row by row (CsvHelper, RFC 4180 quoting, UTF-8, LF line ends):
/// the columns of <see cref="GradedColumns"/> (or <see cref="ContactColumns"/>) under their CSV headers, text neutralised
/// against formulas (<see cref="FormulaGuard"/>), volumes in whole dollars, sides with up to one decimal. Memory does
/// not depend on the number of rows.
/// </summary>
public static class CsvExportWriter
{
    /// <summary>Writes the header and one record per row to <paramref name="output"/> (left open).</summary>
    public static Task WriteAsync(Stream output, IAsyncEnumerable<GradedRow> rows, ExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return WriteAsync(output, rows, GradedColumns.All, options.CsvUtf8Bom, cancellationToken);
    }

    /// <summary>
    /// <c>contacts.csv</c>: the rows under <see cref="ContactColumns"/> (the CRM headers), with a UTF-8 byte order mark
    /// (<see cref="ExportOptions.ContactsUtf8Bom"/>, default on: the file is opened in Excel and imported into CRMs).
    /// </summary>
    public static Task WriteContactsAsync(Stream output, IAsyncEnumerable<GradedRow> rows, ExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return WriteAsync(output, rows, ContactColumns.All, options.ContactsUtf8Bom, cancellationToken);
    }

    /// <summary>The rows under <paramref name="columns"/>' CSV headers, with or without a UTF-8 byte order mark.</summary>
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<GradedRow> rows, IReadOnlyList<ExportColumn> columns, bool utf8Bom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        var settings = new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture, WriteByteOrderMark = utf8Bom };
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

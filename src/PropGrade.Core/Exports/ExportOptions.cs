namespace PropGrade.Core.Exports;

/// <summary>How the export files are written. Defaults suit a real run; tests lower <see cref="MaxRowsPerSheet"/>.</summary>
public sealed record ExportOptions
{
    /// <summary>The most rows an Excel sheet holds, header included (1,048,576 = 2^20).</summary>
    public const int ExcelMaxRowsPerSheet = 1_048_576;

    public static ExportOptions Default { get; } = new();

    /// <summary>
    /// Rows per XLSX sheet, header included: 2 .. <see cref="ExcelMaxRowsPerSheet"/>. A tier with more rows
    /// continues on a sheet named "A (2)", "A (3)", ... Default <see cref="ExcelMaxRowsPerSheet"/>.
    /// </summary>
    public int MaxRowsPerSheet { get; init; } = ExcelMaxRowsPerSheet;

    /// <summary>
    /// Whether <c>graded.csv</c> starts with a UTF-8 byte order mark. Default false: <c>graded.csv</c> is the
    /// machine-readable export (the workbook is the file for Excel), and a BOM would become part of the first header
    /// name in most CSV readers. A CSV meant to be opened in Excel turns it on.
    /// </summary>
    public bool CsvUtf8Bom { get; init; }

    /// <summary>
    /// Whether <c>contacts.csv</c> starts with a UTF-8 byte order mark. Default true: the file is meant for Excel (which
    /// reads a CSV without one in the machine's ANSI code page, so "José" becomes "JosÃ©") and for CRM imports, which want
    /// UTF-8 (HubSpot, Salesforce) and take the mark as UTF-8's signature.
    /// </summary>
    public bool ContactsUtf8Bom { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad setting; returns this.</summary>
    public ExportOptions Validate()
    {
        if (MaxRowsPerSheet is < 2 or > ExcelMaxRowsPerSheet)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRowsPerSheet), MaxRowsPerSheet, $"MaxRowsPerSheet must be 2..{ExcelMaxRowsPerSheet} (header included).");
        }

        return this;
    }
}

using System.Globalization;

namespace PropGrade.Core.Exports;

/// <summary>
/// One column of the graded exports: its CSV header (the contract's snake_case name), its human header (the XLSX),
/// how its value is typed, its XLSX width in characters, and how to read it from a row. Build one with the
/// factories (<see cref="Text"/>, <see cref="Integer"/>, <see cref="Currency"/>, <see cref="Sides"/>,
/// <see cref="Flag"/>); the list of columns is <see cref="GradedColumns.All"/>.
/// </summary>
public sealed record ExportColumn
{
    private ExportColumn(string csvHeader, string header, ExportCellType type, double width, Func<GradedRow, string>? text, Func<GradedRow, decimal>? number, Func<GradedRow, bool>? flag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csvHeader);
        ArgumentException.ThrowIfNullOrWhiteSpace(header);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1d);
        CsvHeader = csvHeader;
        Header = header;
        Type = type;
        Width = width;
        TextValue = text;
        NumberValue = number;
        FlagValue = flag;
    }

    /// <summary>The CSV header (<c>contracts/runs-api.md</c>).</summary>
    public string CsvHeader { get; }

    /// <summary>The XLSX header a sales team reads.</summary>
    public string Header { get; }

    public ExportCellType Type { get; }

    /// <summary>XLSX column width, in characters.</summary>
    public double Width { get; }

    /// <summary>The value of a <see cref="ExportCellType.Text"/> column (null is written as an empty cell).</summary>
    internal Func<GradedRow, string>? TextValue { get; }

    /// <summary>The value of an <see cref="ExportCellType.Integer"/>, <see cref="ExportCellType.Currency"/> or <see cref="ExportCellType.Sides"/> column.</summary>
    internal Func<GradedRow, decimal>? NumberValue { get; }

    /// <summary>The value of a <see cref="ExportCellType.Flag"/> column.</summary>
    internal Func<GradedRow, bool>? FlagValue { get; }

    public static ExportColumn Text(string csvHeader, string header, double width, Func<GradedRow, string?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(csvHeader, header, ExportCellType.Text, width, r => value(r) ?? "", null, null);
    }

    /// <summary>A text column from a number that is an identifier (advertiser ids): text, so it is never reformatted.</summary>
    public static ExportColumn Text(string csvHeader, string header, double width, Func<GradedRow, long> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(csvHeader, header, ExportCellType.Text, width, r => value(r).ToString(CultureInfo.InvariantCulture), null, null);
    }

    public static ExportColumn Integer(string csvHeader, string header, double width, Func<GradedRow, decimal> value) =>
        new(csvHeader, header, ExportCellType.Integer, width, null, value ?? throw new ArgumentNullException(nameof(value)), null);

    public static ExportColumn Currency(string csvHeader, string header, double width, Func<GradedRow, decimal> value) =>
        new(csvHeader, header, ExportCellType.Currency, width, null, value ?? throw new ArgumentNullException(nameof(value)), null);

    public static ExportColumn Sides(string csvHeader, string header, double width, Func<GradedRow, decimal> value) =>
        new(csvHeader, header, ExportCellType.Sides, width, null, value ?? throw new ArgumentNullException(nameof(value)), null);

    public static ExportColumn Flag(string csvHeader, string header, double width, Func<GradedRow, bool> value) =>
        new(csvHeader, header, ExportCellType.Flag, width, null, null, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>
    /// The value as the CSV writes it: text neutralised against formulas, currency in whole dollars, sides with up
    /// to one decimal, flags <c>true</c>/<c>false</c>. The XLSX shows the same text in its text cells.
    /// </summary>
    public string CsvText(GradedRow row) => Type switch
    {
        ExportCellType.Text => FormulaGuard.Neutralize(TextValue!(row)),
        ExportCellType.Integer => NumberValue!(row).ToString("0", CultureInfo.InvariantCulture),
        ExportCellType.Currency => ExportFormat.DollarsText(NumberValue!(row)),
        ExportCellType.Sides => ExportFormat.SidesText(NumberValue!(row)),
        ExportCellType.Flag => FlagValue!(row) ? "true" : "false",
        _ => throw new InvalidOperationException($"Unknown cell type {Type}."),
    };
}

namespace PropGrade.Core.Exports;

/// <summary>How an export column's value is written: in the CSV as text, in the XLSX as a typed cell.</summary>
public enum ExportCellType
{
    /// <summary>Text, never a number (ids and ZIPs keep their leading zeros); formula-neutralised (<see cref="FormulaGuard"/>).</summary>
    Text,

    /// <summary>A whole number, as is.</summary>
    Integer,

    /// <summary>Dollars, rounded to whole dollars (half away from zero); XLSX format <c>"$"#,##0</c>.</summary>
    Currency,

    /// <summary>Sides, rounded to one decimal (half away from zero); CSV <c>0.#</c>, XLSX format <c>0.0</c>.</summary>
    Sides,

    /// <summary>A yes/no value: CSV <c>true</c>/<c>false</c>, an XLSX boolean cell.</summary>
    Flag,
}

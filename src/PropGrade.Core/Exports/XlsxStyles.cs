using DocumentFormat.OpenXml.Spreadsheet;

namespace PropGrade.Core.Exports;

/// <summary><c>xl/styles.xml</c> and the indexes of its cell formats.</summary>
internal static class XlsxStyles
{
    public const uint Default = 0;
    public const uint Header = 1;
    public const uint Currency = 2;
    public const uint Sides = 3;
    public const uint Text = 4;

    public const string CurrencyFormat = "\"$\"#,##0";
    public const string SidesFormat = "0.0";

    /// <summary>The built-in "@" (text) number format.</summary>
    private const uint TextFormatId = 49;

    public static uint Of(ExportCellType type) => type switch
    {
        ExportCellType.Text => Text,
        ExportCellType.Currency => Currency,
        ExportCellType.Sides => Sides,
        _ => Default,
    };

    public static Stylesheet Create() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = CurrencyFormat },
            new NumberingFormat { NumberFormatId = 165, FormatCode = SidesFormat })
        { Count = 2 },
        new Fonts(Font(bold: false), Font(bold: true)) { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            Format(0, font: 0),
            Format(0, font: 1),
            Format(164, font: 0),
            Format(165, font: 0),
            Format(TextFormatId, font: 0))
        { Count = 5 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private static Font Font(bool bold)
    {
        var font = new Font();
        if (bold)
        {
            font.Append(new Bold());
        }

        font.Append(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 });
        return font;
    }

    private static CellFormat Format(uint numberFormat, uint font) => new()
    {
        NumberFormatId = numberFormat,
        FontId = font,
        FillId = 0,
        BorderId = 0,
        FormatId = 0,
        ApplyNumberFormat = numberFormat != 0 ? true : null,
        ApplyFont = font != 0 ? true : null,
    };
}

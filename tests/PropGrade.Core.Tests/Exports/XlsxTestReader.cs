using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PropGrade.Core.Tests.Exports;

/// <summary>Reads a written XLSX back with the Open XML SDK: sheet names in order, cell texts, cells and styles.</summary>
internal sealed class XlsxTestReader : IDisposable
{
    private readonly SpreadsheetDocument _document;

    public XlsxTestReader(byte[] package)
    {
        _document = SpreadsheetDocument.Open(new MemoryStream(package), isEditable: false);
    }

    public WorkbookPart Workbook => _document.WorkbookPart!;

    public IReadOnlyList<string> SheetNames => [.. Workbook.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!)];

    public Worksheet Worksheet(string name)
    {
        var sheet = Workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)Workbook.GetPartById(sheet.Id!)).Worksheet!;
    }

    public IReadOnlyList<Row> Rows(string sheet) => [.. Worksheet(sheet).GetFirstChild<SheetData>()!.Elements<Row>()];

    /// <summary>The cells' shown texts, row by row (inline strings, numbers and booleans as stored).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Texts(string sheet) =>
        [.. Rows(sheet).Select(r => (IReadOnlyList<string>)[.. r.Elements<Cell>().Select(Text)])];

    public Cell Cell(string sheet, string reference) =>
        Rows(sheet).SelectMany(r => r.Elements<Cell>()).Single(c => c.CellReference == reference);

    public static string Text(Cell cell) =>
        cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.Text!.Text : cell.CellValue?.Text ?? "";

    public CellFormat Format(Cell cell) =>
        Workbook.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));

    public string? NumberFormat(Cell cell)
    {
        var id = Format(cell).NumberFormatId?.Value ?? 0;
        return Workbook.WorkbookStylesPart!.Stylesheet!.NumberingFormats?.Elements<NumberingFormat>()
            .SingleOrDefault(f => f.NumberFormatId?.Value == id)?.FormatCode?.Value ?? (id == 49 ? "@" : id == 0 ? "General" : $"builtin {id}");
    }

    public bool IsBold(Cell cell)
    {
        var font = Workbook.WorkbookStylesPart!.Stylesheet!.Fonts!.Elements<Font>().ElementAt((int)(Format(cell).FontId?.Value ?? 0));
        return font.Elements<Bold>().Any();
    }

    public IEnumerable<DocumentFormat.OpenXml.Validation.ValidationErrorInfo> Validate() =>
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(_document);

    public void Dispose() => _document.Dispose();
}

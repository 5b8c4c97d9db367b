using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PropGrade.Core.Exports;

/// <summary>
/// One worksheet part, written forward with the Open XML SDK's SAX-style <see cref="OpenXmlWriter"/>: sheet view
/// with a frozen, bold header row, column widths, then the rows as they come (never held), then an autofilter
/// over what was written. Text cells are inline strings, never formulas.
/// </summary>
internal sealed class XlsxSheetWriter : IDisposable
{
    /// <summary>What Excel keeps of a cell's text.</summary>
    public const int MaxCellText = 32_767;

    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    /// <summary>Passed so the writer does not ask each reused element for its (empty) namespace declarations.</summary>
    private static readonly KeyValuePair<string, string>[] NoNamespaces = [];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Stream _part;
    private readonly OpenXmlWriter _writer;
    private readonly string[] _columns;
    private readonly bool _autoFilter;
    private readonly List<OpenXmlAttribute> _attributes = new(3);
    private readonly Row _row = new();
    private readonly Cell _cell = new();
    private readonly CellValue _value = new();
    private readonly InlineString _inline = new();
    private readonly Text _text = new();
    private string _rowText = "";
    private int _column;
    private bool _finished;

    /// <param name="part">The worksheet part's stream; the sheet writer closes it.</param>
    /// <param name="widths">Column widths in characters; also the number of columns.</param>
    /// <param name="selected">Whether this is the sheet the workbook opens on.</param>
    /// <param name="autoFilter">Whether the written rows get an autofilter.</param>
    public XlsxSheetWriter(Stream part, IReadOnlyList<double> widths, bool selected, bool autoFilter)
    {
        ArgumentNullException.ThrowIfNull(widths);
        _columns = [.. Enumerable.Range(0, widths.Count).Select(ColumnName)];
        _autoFilter = autoFilter;
        _part = part ?? throw new ArgumentNullException(nameof(part));
        _writer = OpenXmlWriter.Create(part, Utf8);
        _writer.WriteStartDocument(true);
        _writer.WriteStartElement(new Worksheet());
        _writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        {
            TabSelected = selected ? true : null,
            WorkbookViewId = 0,
        }));
        _writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15 });
        var columns = new Columns();
        for (var c = 0; c < widths.Count; c++)
        {
            columns.Append(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = widths[c], CustomWidth = true });
        }

        _writer.WriteElement(columns);
        _writer.WriteStartElement(new SheetData());
    }

    /// <summary>Rows written so far, the header included.</summary>
    public int Rows { get; private set; }

    /// <summary>The header row: bold text.</summary>
    public void WriteHeader(IEnumerable<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        StartRow();
        foreach (var header in headers)
        {
            TextCell(header, XlsxStyles.Header);
        }

        EndRow();
    }

    public void StartRow()
    {
        Rows++;
        _rowText = Rows.ToString(CultureInfo.InvariantCulture);
        _column = 0;
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", "", _rowText));
        _writer.WriteStartElement(_row, _attributes, NoNamespaces);
    }

    public void EndRow() => _writer.WriteEndElement();

    /// <summary>
    /// A string cell (inline string, never a formula); the caller has already neutralised it. An empty text leaves
    /// the cell out (blank), as a spreadsheet would.
    /// </summary>
    public void TextCell(string text, uint style)
    {
        var value = ForXml(text);
        if (value.Length == 0)
        {
            _column++;
            return;
        }

        StartCell("inlineStr", style);
        _writer.WriteStartElement(_inline);
        _attributes.Clear();
        if (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
        {
            _attributes.Add(new OpenXmlAttribute("xml", "space", XmlNamespace, "preserve"));
        }

        _writer.WriteStartElement(_text, _attributes, NoNamespaces);
        _writer.WriteString(value);
        _writer.WriteEndElement();
        _writer.WriteEndElement();
        _writer.WriteEndElement();
    }

    /// <summary>A number cell; <paramref name="value"/> is its invariant text (<c>1000001</c>, <c>12.5</c>).</summary>
    public void NumberCell(string value, uint style)
    {
        StartCell(null, style);
        WriteValue(value);
    }

    public void FlagCell(bool value)
    {
        StartCell("b", XlsxStyles.Default);
        WriteValue(value ? "1" : "0");
    }

    /// <summary>Closes the sheet data, adds the autofilter and ends the part. Idempotent.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _writer.WriteEndElement();
        if (_autoFilter && Rows > 0)
        {
            _writer.WriteElement(new AutoFilter { Reference = FilterRange });
        }

        _writer.WriteEndElement();
        _writer.Close();
        _part.Dispose();
    }

    /// <summary>The autofilter's range, e.g. <c>A1:O42</c>.</summary>
    public string FilterRange => $"A1:{_columns[^1]}{Math.Max(Rows, 1).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The autofilter's range in absolute form, e.g. <c>$A$1:$O$42</c> (for the workbook's defined name).</summary>
    public string AbsoluteFilterRange => $"$A$1:${_columns[^1]}${Math.Max(Rows, 1).ToString(CultureInfo.InvariantCulture)}";

    public void Dispose()
    {
        _writer.Dispose();
        _part.Dispose();
    }

    /// <summary>
    /// Text as a cell can hold it: characters XML 1.0 cannot carry (control characters, a lone surrogate) become
    /// U+FFFD, and text beyond <see cref="MaxCellText"/> characters is cut there.
    /// </summary>
    internal static string ForXml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(c))
            {
                clean = false;
            }
        }

        if (clean && text.Length <= MaxCellText)
        {
            return text;
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxCellText));
        for (var i = 0; i < text.Length && builder.Length < MaxCellText; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (builder.Length + 2 > MaxCellText)
                {
                    break;
                }

                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return builder.ToString();
    }

    private void StartCell(string? type, uint style)
    {
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", "", string.Concat(_columns[_column++], _rowText)));
        if (style != XlsxStyles.Default)
        {
            _attributes.Add(new OpenXmlAttribute("s", "", style.ToString(CultureInfo.InvariantCulture)));
        }

        if (type is not null)
        {
            _attributes.Add(new OpenXmlAttribute("t", "", type));
        }

        _writer.WriteStartElement(_cell, _attributes, NoNamespaces);
    }

    private void WriteValue(string value)
    {
        _writer.WriteStartElement(_value);
        _writer.WriteString(value);
        _writer.WriteEndElement();
        _writer.WriteEndElement();
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}

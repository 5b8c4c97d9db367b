using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PropGrade.Core.Exports;

/// <summary>
/// The zip package of an XLSX, written straight to the output, part after part (no part is held in memory):
/// fixed entry times, a fixed part order and fixed relationship ids, so the same content gives the same bytes.
/// Worksheets take their content type from the package's default for <c>.xml</c>, so <c>[Content_Types].xml</c>
/// can come first although the number of sheets is known only at the end; the workbook (which lists the sheets)
/// and its relationships come last.
/// </summary>
internal sealed class XlsxPackage : IDisposable
{
    private const string WorksheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ZipArchive _zip;
    private readonly DateTimeOffset _stamp;
    private readonly CompressionLevel _compression;
    private readonly List<(string Name, string? FilterRange)> _sheets = [];

    /// <param name="output">The destination (left open).</param>
    /// <param name="fixedTime">The document's dates and every zip entry's time (from the run's plan).</param>
    public XlsxPackage(Stream output, DateTime fixedTime, CompressionLevel compression)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        var zipTime = fixedTime.Year < 1980 ? new DateTime(1980, 1, 1) : fixedTime;
        _stamp = new DateTimeOffset(DateTime.SpecifyKind(zipTime, DateTimeKind.Unspecified), TimeSpan.Zero);
        _compression = compression;
        WriteXml("[Content_Types].xml", WriteContentTypes);
        WriteXml("_rels/.rels", WritePackageRelationships);
        WriteXml("docProps/core.xml", w => WriteCoreProperties(w, fixedTime));
        WriteXml("docProps/app.xml", WriteAppProperties);
        WriteElement("xl/styles.xml", XlsxStyles.Create());
    }

    /// <summary>Sheets added so far.</summary>
    public int SheetCount => _sheets.Count;

    /// <summary>
    /// Starts the next worksheet part. Write it to the end (and dispose it) before adding another; register it
    /// with <see cref="EndSheet"/>.
    /// </summary>
    public XlsxSheetWriter BeginSheet(IReadOnlyList<double> widths, bool autoFilter)
    {
        var part = Open($"xl/worksheets/sheet{(_sheets.Count + 1).ToString(CultureInfo.InvariantCulture)}.xml");
        return new XlsxSheetWriter(part, widths, selected: _sheets.Count == 0, autoFilter);
    }

    /// <summary>Finishes <paramref name="sheet"/> and records it in the workbook under <paramref name="name"/>.</summary>
    public void EndSheet(XlsxSheetWriter sheet, string name, bool autoFilter)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        sheet.Finish();
        _sheets.Add((name, autoFilter ? sheet.AbsoluteFilterRange : null));
    }

    /// <summary>Writes the workbook and its relationships; the package is complete once disposed.</summary>
    public void Complete()
    {
        var sheets = new Sheets();
        var names = new DefinedNames();
        for (var i = 0; i < _sheets.Count; i++)
        {
            var (name, range) = _sheets[i];
            sheets.Append(new Sheet { Name = name, SheetId = (uint)(i + 1), Id = RelationshipId(i) });
            if (range is not null)
            {
                names.Append(new DefinedName($"'{name.Replace("'", "''", StringComparison.Ordinal)}'!{range}")
                {
                    Name = "_xlnm._FilterDatabase",
                    LocalSheetId = (uint)i,
                    Hidden = true,
                });
            }
        }

        var workbook = new Workbook(new BookViews(new WorkbookView { ActiveTab = 0 }), sheets);
        if (names.HasChildren)
        {
            workbook.Append(names);
        }

        workbook.AddNamespaceDeclaration("r", OfficeRelationships);
        WriteElement("xl/workbook.xml", workbook);

        WriteXml("xl/_rels/workbook.xml.rels", w =>
        {
            w.WriteStartElement("Relationships", RelationshipsNamespace);
            for (var i = 0; i < _sheets.Count; i++)
            {
                Relationship(w, RelationshipId(i), OfficeRelationships + "/worksheet", $"worksheets/sheet{(i + 1).ToString(CultureInfo.InvariantCulture)}.xml");
            }

            Relationship(w, RelationshipId(_sheets.Count), OfficeRelationships + "/styles", "styles.xml");
            w.WriteEndElement();
        });
    }

    public void Dispose() => _zip.Dispose();

    private static string RelationshipId(int index) => "rId" + (index + 1).ToString(CultureInfo.InvariantCulture);

    private Stream Open(string path)
    {
        var entry = _zip.CreateEntry(path, _compression);
        entry.LastWriteTime = _stamp;
        return entry.Open();
    }

    /// <summary>A small part built as Open XML SDK elements (styles, workbook).</summary>
    private void WriteElement(string path, OpenXmlElement root)
    {
        using var part = Open(path);
        using var writer = OpenXmlWriter.Create(part, Utf8);
        writer.WriteStartDocument(true);
        writer.WriteElement(root);
    }

    /// <summary>A package part the SDK has no element classes for (content types, relationships, properties).</summary>
    private void WriteXml(string path, Action<XmlWriter> write)
    {
        using var part = Open(path);
        using var writer = XmlWriter.Create(part, new XmlWriterSettings { Encoding = Utf8 });
        writer.WriteStartDocument(true);
        write(writer);
        writer.WriteEndDocument();
    }

    private static void WriteContentTypes(XmlWriter w)
    {
        const string ns = "http://schemas.openxmlformats.org/package/2006/content-types";
        w.WriteStartElement("Types", ns);
        Default(w, "rels", "application/vnd.openxmlformats-package.relationships+xml");
        Default(w, "xml", WorksheetType);
        Override(w, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
        Override(w, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
        Override(w, "/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
        Override(w, "/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml");
        w.WriteEndElement();

        static void Default(XmlWriter w, string extension, string type)
        {
            w.WriteStartElement("Default", ns);
            w.WriteAttributeString("Extension", extension);
            w.WriteAttributeString("ContentType", type);
            w.WriteEndElement();
        }

        static void Override(XmlWriter w, string part, string type)
        {
            w.WriteStartElement("Override", ns);
            w.WriteAttributeString("PartName", part);
            w.WriteAttributeString("ContentType", type);
            w.WriteEndElement();
        }
    }

    private static void WritePackageRelationships(XmlWriter w)
    {
        w.WriteStartElement("Relationships", RelationshipsNamespace);
        Relationship(w, "rId1", OfficeRelationships + "/officeDocument", "xl/workbook.xml");
        Relationship(w, "rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml");
        Relationship(w, "rId3", OfficeRelationships + "/extended-properties", "docProps/app.xml");
        w.WriteEndElement();
    }

    private static void Relationship(XmlWriter w, string id, string type, string target)
    {
        w.WriteStartElement("Relationship", RelationshipsNamespace);
        w.WriteAttributeString("Id", id);
        w.WriteAttributeString("Type", type);
        w.WriteAttributeString("Target", target);
        w.WriteEndElement();
    }

    private static void WriteCoreProperties(XmlWriter w, DateTime fixedTime)
    {
        const string cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
        const string dc = "http://purl.org/dc/elements/1.1/";
        const string dcterms = "http://purl.org/dc/terms/";
        const string xsi = "http://www.w3.org/2001/XMLSchema-instance";
        var stamp = fixedTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        w.WriteStartElement("cp", "coreProperties", cp);
        w.WriteAttributeString("xmlns", "dc", null, dc);
        w.WriteAttributeString("xmlns", "dcterms", null, dcterms);
        w.WriteAttributeString("xmlns", "xsi", null, xsi);
        w.WriteElementString("dc", "title", dc, "PropGrade graded agents");
        w.WriteElementString("dc", "creator", dc, "PropGrade");
        w.WriteElementString("cp", "lastModifiedBy", cp, "PropGrade");
        foreach (var name in new[] { "created", "modified" })
        {
            w.WriteStartElement("dcterms", name, dcterms);
            w.WriteAttributeString("xsi", "type", xsi, "dcterms:W3CDTF");
            w.WriteString(stamp);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteAppProperties(XmlWriter w)
    {
        const string ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
        w.WriteStartElement("Properties", ns);
        w.WriteElementString("Application", ns, "PropGrade");
        w.WriteEndElement();
    }
}

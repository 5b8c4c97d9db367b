using System.Text;
using System.Text.Json.Nodes;

namespace PropGrade.Cli.Requests;

/// <summary>
/// The <c>--roster</c> file, read the way the page's roster upload reads it: a CSV of <c>advertiser_id,nrds_id</c>
/// lines; or an earlier export — <c>graded.csv</c> (<c>advertiser_id</c>, <c>nrds_id</c>) or <c>contacts.csv</c>
/// ("Advertiser ID", "NRDS ID") — whose columns are picked by header, in any position and case, a UTF-8 byte order mark
/// and quoted fields (line breaks inside quotes too) allowed; or a JSON array of <c>{"advertiserId", "nrdsId"}</c> rows
/// (or <c>{"roster": [...]}</c>). '#' comment lines and blank lines are skipped; every bad line is named.
/// </summary>
internal static class RosterFile
{
    /// <param name="lines">The file line of each row read (empty for a JSON roster), so a rule broken by row <c>roster[i]</c> names its line.</param>
    public static JsonArray? Read(string path, List<string> problems, List<int> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (!File.Exists(path))
        {
            problems.Add($"--roster: file '{path}' does not exist.");
            return null;
        }

        string text;
        try
        {
            if (NotUtf8Line(File.ReadAllBytes(path)) is { } badLine)
            {
                problems.Add($"--roster: '{path}' is not UTF-8 text (line {badLine}): save it as UTF-8 (CSV UTF-8).");
                return null;
            }

            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"--roster: '{path}' cannot be read: {ex.Message}");
            return null;
        }

        var body = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return body.StartsWith('[') || body.StartsWith('{') ? ReadJson(path, problems) : ReadCsv(path, text, problems, lines);
    }

    private static JsonArray? ReadJson(string path, List<string> problems)
    {
        var node = JsonFile.Read("--roster", path, problems);
        if (node is JsonObject obj && obj.Count == 1 && obj["roster"] is JsonArray inner)
        {
            return (JsonArray)inner.DeepClone();
        }

        if (node is JsonArray array)
        {
            return array;
        }

        if (node is not null)
        {
            problems.Add($"--roster: '{path}' must hold a JSON array of rows [{{\"advertiserId\": \"2210987\", \"nrdsId\": \"512004417\"}}, ...] or {{\"roster\": [...]}}; it holds {JsonFile.Kind(node)}.");
        }

        return null;
    }

    private static JsonArray? ReadCsv(string path, string text, List<string> problems, List<int> lines)
    {
        var rows = new JsonArray();
        var idColumn = 0;
        var nrdsColumn = 1;
        var first = true;
        foreach (var (line, fields) in CsvLine.Records(text))
        {
            if (fields.Count == 1 && fields[0].Trim() is var only && (only.Length == 0 || only.StartsWith('#')))
            {
                continue;
            }

            if (fields.Count > 0 && fields[0].TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (first)
            {
                first = false;
                var header = fields.Select(Normalize).ToList();
                var id = header.IndexOf("advertiserid");
                if (id >= 0)
                {
                    idColumn = id;
                    nrdsColumn = header.IndexOf("nrdsid");
                    if (nrdsColumn < 0)
                    {
                        problems.Add($"--roster: '{path}' has an advertiser_id column but no nrds_id column; every row needs both (the listing API's get-profile takes both).");
                        return null;
                    }

                    continue;
                }
            }

            var advertiserId = idColumn < fields.Count ? fields[idColumn].Trim() : "";
            var nrdsId = nrdsColumn < fields.Count ? fields[nrdsColumn].Trim() : "";
            if (advertiserId.Length == 0)
            {
                problems.Add($"--roster: line {line} of '{path}': no advertiser id.");
                continue;
            }

            if (nrdsId.Length == 0)
            {
                problems.Add($"--roster: line {line} of '{path}': advertiser {advertiserId} has no NRDS id (each row is advertiser_id,nrds_id; get-profile needs both).");
                continue;
            }

            rows.Add(new JsonObject { ["advertiserId"] = advertiserId, ["nrdsId"] = nrdsId });
            lines.Add(line);
        }

        return rows;
    }

    /// <summary>The first line (counted from 1) of <paramref name="bytes"/> that is not UTF-8, or null when all are.</summary>
    private static int? NotUtf8Line(byte[] bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var line = 1;
        foreach (var raw in ((ReadOnlySpan<byte>)bytes).Split((byte)'\n'))
        {
            try
            {
                _ = strict.GetCharCount(bytes.AsSpan(raw));
            }
            catch (DecoderFallbackException)
            {
                return line;
            }

            line++;
        }

        return line;
    }

    /// <summary>A header as compared: lower case, without spaces, '_' or '-' ("Advertiser ID", "advertiser_id" → <c>advertiserid</c>).</summary>
    private static string Normalize(string header) =>
        new([.. header.Trim().ToLowerInvariant().Where(c => c is not (' ' or '_' or '-'))]);
}

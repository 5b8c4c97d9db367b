using System.Text;

namespace PropGrade.Cli.Requests;

/// <summary>
/// Splits CSV text into records (RFC 4180 quoting: <c>"a, b"</c>, doubled quotes inside quotes, line breaks inside quoted
/// fields), each with the line it starts on.
/// </summary>
internal static class CsvLine
{
    /// <summary>One line's fields (no line break inside).</summary>
    public static List<string> Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Records(line).Select(r => r.Fields).FirstOrDefault() ?? [""];
    }

    /// <summary>Every record with the (1-based) line it starts on; a byte order mark at the start is dropped.</summary>
    public static IEnumerable<(int Line, List<string> Fields)> Records(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        while (i < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        line += c == '\n' ? 1 : 0;
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else if (c == '\n')
                {
                    i++;
                    line++;
                    break;
                }
                else if (c != '\r' || (i + 1 < text.Length && text[i + 1] != '\n'))
                {
                    field.Append(c);
                }
            }

            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }
}

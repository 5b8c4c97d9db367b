using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PropGrade.Core.Runs;

/// <summary>
/// Whether bytes are a readable JSON document before any field is read: UTF-8 text, well-formed JSON (no comments,
/// nesting at most <see cref="MaxDepth"/>), and no string whose escapes decode to a lone UTF-16 surrogate. Every problem
/// is a <see cref="FieldError"/>: an unreadable document is one error on <c>$</c> saying where (line and column, counted
/// from 1); each string holding a lone surrogate is named by its path (<c>tiers[0].name</c>). Used by the run-request
/// parser (the web API, the Lambda) and by the CLI for the files it reads, so neither ever throws on bad text.
/// </summary>
public static class JsonTextCheck
{
    /// <summary>Nesting deeper than this is refused (a run request nests three levels).</summary>
    public const int MaxDepth = 32;

    /// <summary>The field every document-level problem is reported on.</summary>
    public const string Root = "$";

    /// <summary>The UTF-8 byte order mark, which a file saved by some editors starts with.</summary>
    public static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>The problems of <paramref name="utf8"/> (empty when it can be read); a leading UTF-8 byte order mark is allowed.</summary>
    public static IReadOnlyList<FieldError> Check(ReadOnlySpan<byte> utf8)
    {
        var body = WithoutByteOrderMark(utf8);
        if (FirstInvalidUtf8(body) is { } invalid)
        {
            var (line, column) = Position(body, invalid);
            if (LooksLikeUtf16(utf8))
            {
                return [new(Root, "the text is UTF-16, not UTF-8: save it as UTF-8.")];
            }

            return [new(Root, $"the text is not UTF-8 (byte 0x{body[invalid]:X2} at line {line}, column {column}): send or save it as UTF-8.")];
        }

        var errors = new List<FieldError>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth });
        var path = new JsonPathTracker();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (reader.ValueIsEscaped && !DecodesToText(ref reader))
                        {
                            errors.Add(new(path.Container, $"a field name holds a lone UTF-16 surrogate (an escape \\uD800-\\uDFFF without its pair, line {Line(body, reader)}): not valid text."));
                            path.Property(null);
                        }
                        else
                        {
                            path.Property(reader.GetString());
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Open(reader.TokenType == JsonTokenType.StartArray);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.Close();
                        break;
                    default:
                        path.Value();
                        if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && !DecodesToText(ref reader))
                        {
                            errors.Add(new(path.Current, $"holds a lone UTF-16 surrogate (an escape \\uD800-\\uDFFF without its pair, line {Line(body, reader)}): not valid text."));
                        }

                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return [new(Root, Describe(ex))];
        }

        return errors;
    }

    /// <summary><paramref name="utf8"/> without a leading UTF-8 byte order mark.</summary>
    public static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> utf8) =>
        utf8.StartsWith(ByteOrderMark) ? utf8[ByteOrderMark.Length..] : utf8;

    /// <summary>"not valid JSON at line 3, column 18: ',' is an invalid start of a value." (the reader's own words, counted from 1).</summary>
    public static string Describe(JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var reason = ex.Message;
        foreach (var tail in (string[])[" LineNumber:", " Path:", " | LineNumber"])
        {
            var at = reason.IndexOf(tail, StringComparison.Ordinal);
            if (at >= 0)
            {
                reason = reason[..at];
            }
        }

        reason = JsonSyntax.Explain(reason.Trim());
        return ex.LineNumber is { } line && ex.BytePositionInLine is { } column
            ? string.Create(CultureInfo.InvariantCulture, $"not valid JSON at line {line + 1}, column {column + 1}: {reason}")
            : "not valid JSON: " + reason;
    }

    private static bool DecodesToText(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static int? FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return null;
        }

        var offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return null;
    }

    /// <summary>A UTF-16 byte order mark, or NUL bytes in the first pairs (ASCII text saved as UTF-16).</summary>
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
        || (bytes.Length >= 4 && (bytes[1] == 0 && bytes[3] == 0 || bytes[0] == 0 && bytes[2] == 0));

    private static int Line(ReadOnlySpan<byte> body, Utf8JsonReader reader) =>
        Position(body, (int)reader.TokenStartIndex).Line;

    /// <summary>Line and column (counted from 1; the column in characters) of byte <paramref name="offset"/>.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> body, int offset)
    {
        var before = body[..offset];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var column = 1;
        var rest = before[lineStart..];
        while (!rest.IsEmpty)
        {
            Rune.DecodeFromUtf8(rest, out _, out var consumed);
            rest = rest[Math.Max(consumed, 1)..];
            column++;
        }

        return (line, column);
    }
}

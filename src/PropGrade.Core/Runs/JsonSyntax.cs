using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PropGrade.Core.Runs;

/// <summary>
/// A JSON syntax error as a person reads it: where (line and column, 1-based, in characters), what was found and what
/// was expected, and the line itself with a caret under the place — instead of System.Text.Json's
/// <c>LineNumber: 2 | BytePositionInLine: 17</c> (0-based, in bytes). Used for request bodies, tiers, roster and
/// request files alike.
/// </summary>
public static partial class JsonSyntax
{
    /// <summary>Where and what, on one line: <c>line 3, column 18: '}' is invalid after a value. Expected either ',', '}', or ']'.</c></summary>
    public static string Describe(JsonException exception, ReadOnlySpan<byte> utf8Json) =>
        Describe(exception, Encoding.UTF8.GetString(utf8Json));

    /// <inheritdoc cref="Describe(JsonException, ReadOnlySpan{byte})"/>
    public static string Describe(JsonException exception, string json)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(json);
        var what = Explain(exception.Message);
        return Locate(exception, json) is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"line {at.Line}, column {at.Column}: {what}")
            : what;
    }

    /// <summary>
    /// The offending line and a caret under the column (two lines, each indented by <paramref name="indent"/>), or
    /// an empty string when the position is unknown. Long lines are cut around the column.
    /// </summary>
    public static string Excerpt(JsonException exception, string json, string indent = "  ")
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(json);
        if (Locate(exception, json) is not { } at)
        {
            return "";
        }

        const int width = 70;
        var line = at.Text.Replace('\t', ' ');
        var start = Math.Max(0, Math.Min(at.Column - 1 - width / 2, line.Length - width));
        var shown = line.Substring(start, Math.Min(width, line.Length - start));
        var prefix = start > 0 ? "..." : "";
        var caret = new string(' ', prefix.Length + Math.Max(0, at.Column - 1 - start)) + "^";
        return $"{indent}{prefix}{shown}{Environment.NewLine}{indent}{caret}";
    }

    private static (long Line, int Column, string Text)? Locate(JsonException exception, string json)
    {
        if (exception.LineNumber is not { } lineIndex || exception.BytePositionInLine is not { } bytes)
        {
            return null;
        }

        var lines = json.Split('\n');
        if (lineIndex < 0 || lineIndex >= lines.Length)
        {
            return (lineIndex + 1, (int)bytes + 1, "");
        }

        var text = lines[lineIndex].TrimEnd('\r');
        var utf8 = Encoding.UTF8.GetBytes(text);
        var column = Encoding.UTF8.GetCharCount(utf8, 0, (int)Math.Min(bytes, utf8.Length)) + 1;
        return (lineIndex + 1, column, text);
    }

    /// <summary>System.Text.Json's message without its byte position, with a hint where its wording is obscure.</summary>
    internal static string Explain(string message)
    {
        var text = Position().Replace(message, "").Trim();
        if (text.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "the text is empty: expected a JSON value.";
        }

        if (text.Contains("trailing comma", StringComparison.Ordinal))
        {
            return "a comma before the closing ']' or '}' is not allowed in JSON: remove it.";
        }

        if (text.StartsWith("'/' is", StringComparison.Ordinal))
        {
            return text + " (JSON has no comments.)";
        }

        if (text.EndsWith("is an invalid start of a value.", StringComparison.Ordinal))
        {
            return text + " Expected a value: a number, a \"string\" in double quotes, true, false, null, {...} or [...].";
        }

        if (text.StartsWith("Expected depth to be zero", StringComparison.Ordinal))
        {
            return "the text ends inside an object or array: expected a closing '}' or ']'.";
        }

        return text;
    }

    [GeneratedRegex(@"\s*(Path: \S* \|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?", RegexOptions.CultureInvariant)]
    private static partial Regex Position();
}

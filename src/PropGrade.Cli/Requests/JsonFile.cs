using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PropGrade.Core.Runs;

namespace PropGrade.Cli.Requests;

/// <summary>
/// Reads a JSON file named by a flag: a missing or unreadable file, text that is not UTF-8 and a syntax error are each
/// one problem naming the flag and the file; a syntax error says where (line, column), what was expected, and shows
/// the line with a caret under the place.
/// </summary>
internal static class JsonFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static JsonNode? Read(string flag, string path, List<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add($"{flag}: file '{path}' does not exist.");
            return null;
        }

        string text;
        try
        {
            var bytes = File.ReadAllBytes(path);
            var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
            text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            problems.Add($"{flag}: '{path}' is not UTF-8 text (save it as UTF-8).");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{flag}: '{path}' cannot be read: {ex.Message}");
            return null;
        }

        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow })
                ?? throw new JsonException("The text is null: expected an object or an array.");
        }
        catch (JsonException ex)
        {
            var excerpt = JsonSyntax.Excerpt(ex, text, "    ");
            problems.Add($"{flag}: '{path}' is not valid JSON: {JsonSyntax.Describe(ex, text)}" + (excerpt.Length > 0 ? Environment.NewLine + excerpt : ""));
            return null;
        }
    }

    /// <summary>What a JSON value is, for a message: "an array", "a string", ...</summary>
    public static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };
}

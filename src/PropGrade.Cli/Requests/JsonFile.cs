using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PropGrade.Core.Runs;

namespace PropGrade.Cli.Requests;

/// <summary>
/// Reads a JSON file named by a flag: a missing or unreadable file, text that is not UTF-8 (UTF-16 said so), a syntax
/// error and a lone surrogate escape are each one problem naming the flag and the file, never a crash
/// (<see cref="JsonTextCheck"/>, the same check the runs API applies to request bodies). A syntax error says where
/// (line, column), what was expected, and shows the line with a caret under the place.
/// </summary>
internal static class JsonFile
{
    public static JsonNode? Read(string flag, string path, List<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add($"{flag}: file '{path}' does not exist.");
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{flag}: '{path}' cannot be read: {ex.Message}");
            return null;
        }

        if (JsonTextCheck.Check(bytes) is { Count: > 0 } unreadable)
        {
            foreach (var error in unreadable)
            {
                problems.Add(error.Field == JsonTextCheck.Root
                    ? $"{flag}: '{path}': {error.Message}{Excerpt(bytes)}"
                    : $"{flag}: '{path}': {error.Field} {error.Message}");
            }

            return null;
        }

        try
        {
            return JsonNode.Parse(JsonTextCheck.WithoutByteOrderMark(bytes))
                ?? throw new JsonException("The text is null: expected an object or an array.");
        }
        catch (JsonException ex)
        {
            problems.Add($"{flag}: '{path}': {JsonTextCheck.Describe(ex)}");
            return null;
        }
    }

    /// <summary>The line of a syntax error with a caret under the place (on lines of their own), or empty.</summary>
    private static string Excerpt(byte[] bytes)
    {
        var body = JsonTextCheck.WithoutByteOrderMark(bytes);
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return "";
        }

        var text = Encoding.UTF8.GetString(body);
        try
        {
            _ = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = JsonTextCheck.MaxDepth });
            return "";
        }
        catch (JsonException ex)
        {
            var excerpt = JsonSyntax.Excerpt(ex, text, "    ");
            return excerpt.Length > 0 && !string.IsNullOrWhiteSpace(excerpt.Split(Environment.NewLine)[0]) ? Environment.NewLine + excerpt : "";
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

using System.Text.Json;
using System.Text.Unicode;

namespace PropGrade.Core.Api;

/// <summary>
/// Whether a request body is a readable JSON document before any field is read: UTF-8 text, well-formed JSON, and no
/// string (value or name) whose escapes decode to a lone UTF-16 surrogate. A body that fails is answered 400 with the
/// returned message (field <c>$</c>), never 500.
/// </summary>
internal static class JsonBodyCheck
{
    /// <summary>Nesting deeper than this is refused (a run request nests three levels).</summary>
    public const int MaxDepth = 32;

    /// <summary>The problem, or null when the body can be read (an empty body is left to the validator).</summary>
    public static string? Problem(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        if (!Utf8.IsValid(body))
        {
            return "the body is not UTF-8 text: send the run request as UTF-8 encoded JSON.";
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && !DecodesToText(ref reader))
                {
                    return $"the body is not valid JSON text: the string at byte {reader.TokenStartIndex} escapes a lone UTF-16 surrogate (\\uD800-\\uDFFF without its pair).";
                }
            }
        }
        catch (JsonException ex)
        {
            return "not valid JSON: " + ex.Message;
        }

        return null;
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
}

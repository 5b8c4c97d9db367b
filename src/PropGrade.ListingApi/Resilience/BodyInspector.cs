using System.Text.Json;

namespace PropGrade.ListingApi.Resilience;

/// <summary>
/// Tells a complete JSON body from an HTML error page, a truncated body and broken JSON, before any mapping, so
/// the client re-fetches such a response instead of re-parsing it.
/// </summary>
internal static class BodyInspector
{
    public const string Html = "html_body";
    public const string Truncated = "truncated_body";
    public const string Malformed = "malformed_body";

    /// <summary>Null when the body is one complete JSON value; otherwise the reason code.</summary>
    public static string? Inspect(ReadOnlySpan<byte> body, string? mediaType)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (mediaType is not null && mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            return Html;
        }

        if (trimmed.IsEmpty)
        {
            return Truncated;
        }

        if (trimmed[0] == (byte)'<')
        {
            return Html;
        }

        var reader = new Utf8JsonReader(trimmed, isFinalBlock: false, state: default);
        var sawValue = false;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                {
                    sawValue = true;
                    break;
                }
            }
        }
        catch (JsonException)
        {
            return Malformed;
        }

        if (!sawValue)
        {
            // The reader ran out of bytes inside the value: the body was cut short.
            return Truncated;
        }

        var rest = trimmed[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8);
        return rest.IsEmpty ? null : Malformed;
    }
}

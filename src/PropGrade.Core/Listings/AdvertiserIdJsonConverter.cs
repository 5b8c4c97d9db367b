using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropGrade.Core.Listings;

/// <summary>
/// An advertiser id is a string end to end (the provider compares them as strings). Records written before listing-API
/// contract revision 2 hold it as a JSON number, and the provider itself sends either: this converter reads a string
/// or a whole number (as its decimal text) and always writes a string.
/// </summary>
public sealed class AdvertiserIdJsonConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadId(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    /// <summary>The id at the reader's token: a string as is, a whole number as its digits; anything else throws.</summary>
    public static string? ReadId(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                if (Utf8Parser.TryParse(raw, out long whole, out var consumed) && consumed == raw.Length)
                {
                    return whole.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                throw new JsonException("An advertiser id must be a string or a whole number.");
            case JsonTokenType.Null:
                return null;
            default:
                throw new JsonException($"An advertiser id must be a string or a whole number, not {reader.TokenType}.");
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropGrade.Core.Listings;

/// <summary>
/// Reads a <see cref="RosterEntry"/> from <c>{"advertiserId", "nrdsId"}</c> (ids as strings or numbers) or from a bare
/// advertiser id (revision-1 records); writes <c>{"advertiserId": "…", "nrdsId": "…"}</c>. Unknown fields are skipped
/// here: <see cref="Runs.RunRequestParser"/> is where a request's rows are checked strictly.
/// </summary>
public sealed class RosterEntryJsonConverter : JsonConverter<RosterEntry>
{
    public override RosterEntry? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
        {
            return new RosterEntry(AdvertiserIdJsonConverter.ReadId(ref reader) ?? "", null);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A roster row is {\"advertiserId\", \"nrdsId\"}.");
        }

        string? advertiserId = null;
        string? nrdsId = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "advertiserId":
                    advertiserId = AdvertiserIdJsonConverter.ReadId(ref reader);
                    break;
                case "nrdsId":
                    nrdsId = AdvertiserIdJsonConverter.ReadId(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new RosterEntry(advertiserId ?? "", nrdsId);
    }

    public override void Write(Utf8JsonWriter writer, RosterEntry value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("advertiserId", value.AdvertiserId);
        if (value.NrdsId is { } nrds)
        {
            writer.WriteString("nrdsId", nrds);
        }
        else
        {
            writer.WriteNull("nrdsId");
        }

        writer.WriteEndObject();
    }
}

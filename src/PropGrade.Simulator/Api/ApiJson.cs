using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Api;

/// <summary>
/// Writes the API's bodies with <see cref="Utf8JsonWriter"/> directly: fixed field order, so the same world gives
/// byte-identical bodies, and no reflection on the hot path. Money in whole dollars, dates yyyy-MM-dd.
/// </summary>
internal static class ApiJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            body(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Message(string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    public static void WriteAgentSummary(Utf8JsonWriter w, WorldView world, AgentIdentity agent)
    {
        var market = world.Source.Markets[agent.MarketIndex];
        var feed = world.GetFeed(agent.Index);
        w.WriteStartObject();
        w.WriteNumber("advertiser_id", agent.AdvertiserId);
        w.WriteNumber("fulfillment_id", agent.FulfillmentId);
        w.WriteString("nrds_id", agent.NrdsId);
        w.WriteString("person_name", agent.PersonName);
        w.WriteStartObject("office");
        w.WriteString("name", agent.OfficeName);
        w.WriteNumber("fulfillment_id", agent.OfficeFulfillmentId);
        w.WriteEndObject();
        w.WriteStartObject("broker");
        w.WriteString("name", agent.BrokerName);
        w.WriteNumber("fulfillment_id", agent.BrokerFulfillmentId);
        w.WriteEndObject();
        w.WriteString("email", agent.Email);
        w.WriteStartArray("phones");
        w.WriteStartObject();
        w.WriteString("number", agent.Phone);
        w.WriteString("type", "mobile");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("mls");
        w.WriteStartObject();
        w.WriteString("abbreviation", market.StateCode + "MLS");
        w.WriteString("license_number", agent.LicenseNumber);
        w.WriteStartObject("member");
        w.WriteString("id", agent.NrdsId);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("served_areas");
        w.WriteStartObject();
        w.WriteString("name", market.City);
        w.WriteString("state_code", market.StateCode);
        w.WriteEndObject();
        w.WriteEndArray();

        var fs = feed.ForSalePrice;
        w.WriteStartObject("for_sale_price");
        w.WriteNumber("count", fs.Count);
        WriteNullableNumber(w, "min", fs.Min);
        WriteNullableNumber(w, "max", fs.Max);
        if (fs.Latest is null)
        {
            w.WriteNull("last_listing_date");
        }
        else
        {
            // A timestamp, as in the provider's sample; the time of day is derived from the listing.
            var minutes = (int)(fs.Latest.Key % (24 * 60));
            w.WriteString("last_listing_date", string.Create(
                CultureInfo.InvariantCulture, $"{fs.Latest.ListDate:yyyy-MM-dd}T{minutes / 60:00}:{minutes % 60:00}:00Z"));
        }

        w.WriteEndObject();

        var rs = feed.RecentlySold;
        w.WriteStartObject("recently_sold");
        w.WriteNumber("count", rs.Count);
        WriteNullableNumber(w, "min", rs.Min);
        WriteNullableNumber(w, "max", rs.Max);
        WriteNullableDate(w, "last_sold_date", rs.LastDate);
        w.WriteEndObject();

        w.WriteStartObject("agent_team_details");
        w.WriteBoolean("is_team_member", agent.IsTeamMember);
        w.WriteEndObject();
        w.WriteStartArray("agent_type");
        w.WriteStringValue("buyer");
        w.WriteStringValue("seller");
        w.WriteEndArray();
        w.WriteNumber("first_year", agent.FirstYear);
        w.WriteEndObject();
    }

    public static void WriteListing(Utf8JsonWriter w, WorldView world, SimListing listing)
    {
        var market = world.Source.Markets[listing.MarketIndex];
        w.WriteStartObject();
        WriteId(w, "listing_id", 'L', listing.Key);
        WriteId(w, "property_id", 'P', SimListing.PropertyKey(listing.Key));
        w.WriteString("status", listing.Status switch
        {
            ListingStatus.Sold => "sold",
            ListingStatus.Pending => "pending",
            _ => "for_sale",
        });
        w.WriteNumber("list_price", listing.ListPrice);
        WriteNullableNumber(w, "sold_price", listing.SoldPrice);
        WriteDate(w, "list_date", listing.ListDate);
        WriteNullableDate(w, "sold_date", listing.SoldDate);
        w.WriteStartObject("address");
        Span<char> line = stackalloc char[64];
        listing.StreetNumber.TryFormat(line, out var digits, provider: CultureInfo.InvariantCulture);
        line[digits] = ' ';
        listing.Street.AsSpan().CopyTo(line[(digits + 1)..]);
        w.WriteString("line", line[..(digits + 1 + listing.Street.Length)]);
        w.WriteString("city", market.City);
        w.WriteString("state_code", market.StateCode);
        w.WriteString("postal_code", market.PostalCode);
        w.WriteEndObject();
        w.WriteString("prop_type", listing.PropType);
        w.WriteNumber("beds", listing.Beds);
        w.WriteNumber("baths", listing.Baths);
        w.WriteNumber("sqft", listing.Sqft);
        w.WriteStartArray("advertisers");
        foreach (var a in listing.Advertisers)
        {
            w.WriteStartObject();
            w.WriteNumber("fulfillment_id", world.Source.FulfillmentIdOf(a.AgentIndex));
            w.WriteString("name", world.Source.NameOf(a.AgentIndex));
            w.WriteString("type", a.Side == AdvertiserSide.Seller ? "seller" : "buyer");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void WriteNullableNumber(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>"X-" and 16 lower-case hex digits, written without allocating.</summary>
    private static void WriteId(Utf8JsonWriter w, string name, char prefix, ulong key)
    {
        Span<char> id = stackalloc char[18];
        id[0] = prefix;
        id[1] = '-';
        key.TryFormat(id[2..], out _, "x16", CultureInfo.InvariantCulture);
        w.WriteString(name, id);
    }

    private static void WriteDate(Utf8JsonWriter w, string name, DateOnly date)
    {
        Span<char> text = stackalloc char[10];
        date.TryFormat(text, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        w.WriteString(name, text);
    }

    private static void WriteNullableDate(Utf8JsonWriter w, string name, DateOnly? value)
    {
        if (value is { } v)
        {
            WriteDate(w, name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

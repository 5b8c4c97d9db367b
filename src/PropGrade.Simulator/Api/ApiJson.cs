using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PropGrade.Simulator.Drift;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Api;

/// <summary>
/// Writes the API's bodies with <see cref="Utf8JsonWriter"/> directly: fixed field order, so the same world gives
/// byte-identical bodies, and no reflection on the hot path. Money in whole dollars; sold dates yyyy-MM-dd, list dates
/// and <c>last_listing_date</c> as UTC timestamps.
/// </summary>
internal static class ApiJson
{
    private const string ProfileUrl = "https://www.realtor.com/realestateagents/";
    private const string DetailUrl = "https://www.realtor.com/realestateandhomes-detail/M";
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // One buffer and writer per thread, reused: a body is written synchronously, so only its final copy is allocated.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        var w = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        w.Reset(buffer);
        try
        {
            body(w);
            w.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // A writer left mid-object by an exception must not leak into the next body on this thread.
            w.Reset(buffer);
            buffer.ResetWrittenCount();
            if (buffer.Capacity > 1024 * 1024)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    public static byte[] Message(string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    /// <summary>An <c>/agents/list</c> entry (and get-profile's <c>agent</c>), in the contract's field order.</summary>
    public static void WriteAgentSummary(Utf8JsonWriter w, WorldView world, AgentIdentity agent)
    {
        var market = world.Source.Markets[agent.MarketIndex];
        var feed = world.GetFeed(agent.Index);
        w.WriteStartObject();
        w.WriteNumber("advertiser_id", agent.AdvertiserId);
        w.WriteString("nrds_id", agent.NrdsId);
        w.WriteString("person_name", agent.PersonName);
        w.WriteString("email", agent.Email);
        w.WriteStartArray("phones");
        WritePhone(w, agent.MobilePhone, "Mobile");
        WritePhone(w, agent.OfficePhone, "Office");
        w.WriteEndArray();
        WriteParty(w, "office", agent.OfficeName, agent.OfficeFulfillmentId);
        WriteParty(w, "broker", agent.BrokerName, agent.BrokerFulfillmentId);
        w.WriteStartArray("mls");
        foreach (var mls in agent.Mls)
        {
            w.WriteStartObject();
            w.WriteString("abbreviation", mls.Abbreviation);
            w.WriteString("license_number", mls.LicenseNumber);
            w.WriteStartObject("member");
            w.WriteString("id", mls.MemberId);
            w.WriteEndObject();
            w.WriteBoolean("primary", mls.Primary);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteServedArea(w, market);
        WriteForSalePrice(w, feed.ForSalePrice);
        WriteRecentlySold(w, feed.RecentlySold);
        w.WriteStartObject("agent_team_details");
        w.WriteBoolean("is_team_member", agent.IsTeamMember);
        w.WriteEndObject();
        w.WriteStartArray("agent_type");
        foreach (var type in agent.AgentType)
        {
            w.WriteStringValue(type);
        }

        w.WriteEndArray();
        w.WriteNumber("first_year", agent.FirstYear);
        WriteWebUrl(w, agent.AdvertiserId);
        w.WriteEndObject();
    }

    /// <summary>A team or office entry: the agent fields, with no NRDS id, no MLS entry and no team details.</summary>
    public static void WriteOrganization(Utf8JsonWriter w, WorldView world, SimOrganization o)
    {
        var market = world.Source.Markets[o.MarketIndex];
        w.WriteStartObject();
        w.WriteNumber("advertiser_id", o.AdvertiserId);
        w.WriteNull("nrds_id");
        w.WriteString("person_name", o.Name);
        w.WriteString("email", o.Email);
        w.WriteStartArray("phones");
        WritePhone(w, o.Phone, "Office");
        w.WriteEndArray();
        WriteParty(w, "office", o.OfficeName, o.OfficeFulfillmentId);
        WriteParty(w, "broker", o.BrokerName, o.BrokerFulfillmentId);
        w.WriteStartArray("mls");
        w.WriteEndArray();
        WriteServedArea(w, market);
        WriteForSalePrice(w, o.ForSalePrice);
        WriteRecentlySold(w, o.RecentlySold);
        w.WriteNull("agent_team_details");
        w.WriteStartArray("agent_type");
        w.WriteEndArray();
        w.WriteNumber("first_year", o.FirstYear);
        WriteWebUrl(w, o.AdvertiserId);
        w.WriteEndObject();
    }

    /// <summary>A get-listings result (revision 2), with the drift modes that change a listing applied.</summary>
    public static void WriteListing(Utf8JsonWriter w, WorldView world, SimListing listing)
    {
        var drift = world.Drift;
        var market = world.Source.Markets[listing.MarketIndex];
        var pendingAsStatus = (drift & DriftMode.PendingStatus) != 0 && listing.Status == ListingStatus.ForSale && listing.IsPending;
        w.WriteStartObject();
        var property = SimListing.PropertyNumber(listing.Key);
        WriteDigits(w, "property_id", property);
        WriteDigits(w, "listing_id", listing.Key);
        w.WriteString("status", pendingAsStatus ? "pending" : listing.Status switch
        {
            ListingStatus.Sold => "sold",
            ListingStatus.OffMarket => "off_market",
            ListingStatus.ForRent => "for_rent",
            _ => "for_sale",
        });
        w.WriteNumber("list_price", listing.ListPrice);
        if (!listing.ListDateHidden)
        {
            WriteTimestamp(w, "list_date", listing.ListDate, listing.Key);
        }

        var details = listing.Details;
        w.WriteStartObject("description");
        WriteNullableDate(w, "sold_date", listing.SoldDate);
        WriteNullableNumber(w, (drift & DriftMode.SoldPriceRenamed) != 0 ? "last_sold_price" : "sold_price", listing.SoldPrice);
        if (details.Beds == 0)
        {
            w.WriteNull("beds");
            w.WriteNull("baths_consolidated");
            w.WriteNull("sqft");
        }
        else
        {
            w.WriteNumber("beds", details.Beds);
            Span<char> baths = stackalloc char[4];
            (details.BathHalves / 2).TryFormat(baths, out var bathDigits, provider: CultureInfo.InvariantCulture);
            if (details.BathHalves % 2 == 1)
            {
                ".5".AsSpan().CopyTo(baths[bathDigits..]);
                bathDigits += 2;
            }

            w.WriteString("baths_consolidated", baths[..bathDigits]);
            w.WriteNumber("sqft", details.Sqft);
        }

        w.WriteString("type", details.PropType);
        w.WriteEndObject();

        w.WriteStartObject("location");
        w.WriteStartObject("address");
        Span<char> line = stackalloc char[64];
        details.StreetNumber.TryFormat(line, out var digits, provider: CultureInfo.InvariantCulture);
        line[digits] = ' ';
        details.Street.AsSpan().CopyTo(line[(digits + 1)..]);
        w.WriteString("line", line[..(digits + 1 + details.Street.Length)]);
        w.WriteString("city", market.City);
        w.WriteString("state_code", market.StateCode);
        w.WriteString("postal_code", market.PostalCode);
        w.WriteEndObject();
        w.WriteEndObject();

        var numericIds = (drift & DriftMode.NumericIds) != 0;
        w.WriteStartArray("advertisers");
        foreach (var a in listing.Advertisers)
        {
            w.WriteStartObject();
            var id = world.Source.AdvertiserIdOf(a.AgentIndex);
            if (numericIds)
            {
                w.WriteNumber("fulfillment_id", id);
            }
            else
            {
                WriteDigits(w, "fulfillment_id", (ulong)id);
            }

            w.WriteString("type", AdvertiserTypes.WireName(a.Type));
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartObject("flags");
        WriteTrueOrNull(w, "is_pending", listing.IsPending && !pendingAsStatus);
        WriteTrueOrNull(w, "is_contingent", listing.IsContingent);
        w.WriteEndObject();

        Span<char> href = stackalloc char[DetailUrl.Length + 24];
        DetailUrl.AsSpan().CopyTo(href);
        property.TryFormat(href[DetailUrl.Length..], out var written, provider: CultureInfo.InvariantCulture);
        href[DetailUrl.Length + written] = '-';
        details.StreetNumber.TryFormat(href[(DetailUrl.Length + written + 1)..], out var streetDigits, provider: CultureInfo.InvariantCulture);
        w.WriteString("href", href[..(DetailUrl.Length + written + 1 + streetDigits)]);
        w.WriteEndObject();
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void WritePhone(Utf8JsonWriter w, string number, string type)
    {
        w.WriteStartObject();
        w.WriteString("number", number);
        w.WriteString("type", type);
        w.WriteEndObject();
    }

    private static void WriteParty(Utf8JsonWriter w, string name, string partyName, long fulfillmentId)
    {
        w.WriteStartObject(name);
        w.WriteString("name", partyName);
        w.WriteNumber("fulfillment_id", fulfillmentId);
        w.WriteEndObject();
    }

    private static void WriteServedArea(Utf8JsonWriter w, Market market)
    {
        w.WriteStartArray("served_areas");
        w.WriteStartObject();
        w.WriteString("name", market.City);
        w.WriteString("state_code", market.StateCode);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteForSalePrice(Utf8JsonWriter w, ActivityFigures fs)
    {
        w.WriteStartObject("for_sale_price");
        w.WriteNumber("count", fs.Count);
        WriteNullableNumber(w, "min", fs.Min);
        WriteNullableNumber(w, "max", fs.Max);
        if (fs.LastDate is { } last)
        {
            WriteTimestamp(w, "last_listing_date", last, fs.LatestKey);
        }
        else
        {
            w.WriteNull("last_listing_date");
        }

        w.WriteEndObject();
    }

    private static void WriteRecentlySold(Utf8JsonWriter w, ActivityFigures rs)
    {
        w.WriteStartObject("recently_sold");
        w.WriteNumber("count", rs.Count);
        WriteNullableNumber(w, "min", rs.Min);
        WriteNullableNumber(w, "max", rs.Max);
        WriteNullableDate(w, "last_sold_date", rs.LastDate);
        w.WriteEndObject();
    }

    private static void WriteWebUrl(Utf8JsonWriter w, long advertiserId)
    {
        Span<char> url = stackalloc char[ProfileUrl.Length + 20];
        ProfileUrl.AsSpan().CopyTo(url);
        advertiserId.TryFormat(url[ProfileUrl.Length..], out var digits, provider: CultureInfo.InvariantCulture);
        w.WriteString("web_url", url[..(ProfileUrl.Length + digits)]);
    }

    private static void WriteTrueOrNull(Utf8JsonWriter w, string name, bool value)
    {
        if (value)
        {
            w.WriteBoolean(name, true);
        }
        else
        {
            w.WriteNull(name);
        }
    }

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

    /// <summary>A number as a JSON string of its decimal digits, written without allocating.</summary>
    private static void WriteDigits(Utf8JsonWriter w, string name, ulong value)
    {
        Span<char> text = stackalloc char[20];
        value.TryFormat(text, out var n, provider: CultureInfo.InvariantCulture);
        w.WriteString(name, text[..n]);
    }

    /// <summary><c>yyyy-MM-ddThh:mm:00Z</c>; the time of day is derived from <paramref name="key"/>.</summary>
    private static void WriteTimestamp(Utf8JsonWriter w, string name, DateOnly date, ulong key)
    {
        var minutes = (int)(SplitMix.Mix(key) % (24 * 60));
        Span<char> text = stackalloc char[20];
        date.TryFormat(text, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        text[10] = 'T';
        (minutes / 60).TryFormat(text[11..], out _, "00", CultureInfo.InvariantCulture);
        text[13] = ':';
        (minutes % 60).TryFormat(text[14..], out _, "00", CultureInfo.InvariantCulture);
        ":00Z".AsSpan().CopyTo(text[16..]);
        w.WriteString(name, text);
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

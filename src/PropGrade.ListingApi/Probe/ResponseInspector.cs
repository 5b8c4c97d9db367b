using System.Globalization;
using System.Text.Json;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Provider;
using static PropGrade.ListingApi.Probe.JsonFieldReader;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// Checks raw bodies field by field against listing-API contract revision 2: every field the grader needs (required)
/// and the ones it reports (contact, flags...), by JSON path, over every occurrence. The mapper decides what a body
/// means; this says which field made it fail, or which one it silently read as absent.
/// </summary>
internal sealed class ResponseInspector
{
    public const string ListEndpoint = "agents/list";
    public const string ProfileEndpoint = "get-profile";

    /// <summary>The statuses the contract names; anything else counts for nothing in the grader.</summary>
    public static readonly IReadOnlyList<string> KnownStatuses = ["sold", "for_sale", "off_market", "for_rent"];

    private const bool Required = true;
    private const bool Reported = false;
    private const JsonKinds Obj = JsonKinds.Object;
    private const JsonKinds Arr = JsonKinds.Array;
    private const JsonKinds Str = JsonKinds.String;
    private const JsonKinds Num = JsonKinds.Number;
    private const JsonKinds Bool = JsonKinds.Bool;
    private const JsonKinds Null = JsonKinds.Null;
    private const JsonKinds Id = JsonKinds.String | JsonKinds.Number;

    public FieldTable Fields { get; } = new();

    /// <summary>Listings that are not sold and carry <c>description.sold_*</c> (a previous sale), and how many were looked at.</summary>
    public int PreviousSaleOnNotSold { get; private set; }

    public int NotSoldListings { get; private set; }

    public static string ListingsEndpoint(ListingKind kind) => "get-listings " + ListingApiUrls.TypeValue(kind);

    /// <summary>An <c>/agents/list</c> body.</summary>
    public void InspectAgentList(JsonElement root)
    {
        const string E = ListEndpoint;
        Read(Fields.Get(E, "matching_rows", null, Required, Num), root, string.Empty, "matching_rows");
        if (Read(Fields.Get(E, "agents", null, Required, Arr), root, string.Empty, "agents") is { } agents)
        {
            var i = 0;
            foreach (var agent in agents.EnumerateArray())
            {
                var at = Index("agents", i++);
                if (Accept(Fields.Get(E, "agents[]", null, Required, Obj), agent, at) is { } entry)
                {
                    InspectAgent(E, entry, at, "agents[]");
                }
            }
        }
    }

    /// <summary>A <c>get-profile</c> body: <c>{"agent": {...}}</c> with the fields of a list entry.</summary>
    public void InspectProfile(JsonElement root)
    {
        const string E = ProfileEndpoint;
        if (Read(Fields.Get(E, "agent", null, Required, Obj), root, string.Empty, "agent") is { } agent)
        {
            InspectAgent(E, agent, "agent", "agent");
        }
    }

    /// <summary>A <c>get-listings</c> body: <c>{"data": {"forSold": {"total", "count", "results": [...]}}}</c>.</summary>
    public void InspectListings(JsonElement root, ListingKind kind)
    {
        var e = ListingsEndpoint(kind);
        var key = ListingApiUrls.TypeValue(kind);
        var dataTally = Fields.Get(e, "data", null, Required, Obj);
        JsonElement? data;
        if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("data", out _)
            && root.TryGetProperty("listings", out _) && root.TryGetProperty("matching_rows", out _))
        {
            var names = string.Join(", ", root.EnumerateObject().Select(p => p.Name));
            dataTally.Absent("data", $"the body has {names}: the revision-1 flat envelope?");
            data = null;
        }
        else
        {
            data = Read(dataTally, root, string.Empty, "data");
        }

        if (data is not { } d)
        {
            return;
        }

        var feedPath = "data." + key;
        if (Read(Fields.Get(e, feedPath, null, Required, Obj), d, "data", key) is not { } feed)
        {
            return;
        }

        Read(Fields.Get(e, feedPath + ".total", null, Required, Num), feed, feedPath, "total");
        Read(Fields.Get(e, feedPath + ".count", null, Reported, Num), feed, feedPath, "count");
        if (Read(Fields.Get(e, feedPath + ".results", null, Required, Arr), feed, feedPath, "results") is not { } results)
        {
            return;
        }

        var i = 0;
        var template = feedPath + ".results[]";
        foreach (var result in results.EnumerateArray())
        {
            var at = Index(feedPath + ".results", i++);
            if (Accept(Fields.Get(e, template, null, Required, Obj), result, at) is { } listing)
            {
                InspectListing(e, listing, at, template);
            }
        }
    }

    private void InspectAgent(string e, JsonElement agent, string at, string t)
    {
        Read(Fields.Get(e, t + ".advertiser_id", null, Required, Id), agent, at, "advertiser_id");
        Read(Fields.Get(e, t + ".nrds_id", "roster runs name agents by it", Reported, Id | Null, Str | Null), agent, at, "nrds_id");
        Read(Fields.Get(e, t + ".person_name", null, Reported, Str | Null), agent, at, "person_name");
        if (Read(Fields.Get(e, t + ".mls", null, Required, Arr), agent, at, "mls") is { } mls)
        {
            var i = 0;
            foreach (var entry in mls.EnumerateArray())
            {
                var entryAt = Index(at + ".mls", i++);
                if (Accept(Fields.Get(e, t + ".mls[]", null, Required, Obj | Null), entry, entryAt) is not { } m)
                {
                    continue;
                }

                Read(Fields.Get(e, t + ".mls[].abbreviation", null, Required, Str), m, entryAt, "abbreviation");
                if (Read(Fields.Get(e, t + ".mls[].member", null, Required, Obj), m, entryAt, "member") is { } member)
                {
                    Read(Fields.Get(e, t + ".mls[].member.id", null, Required, Id, Str), member, entryAt + ".member", "id");
                }

                Read(Fields.Get(e, t + ".mls[].primary", null, Reported, Bool | Null), m, entryAt, "primary");
                Read(Fields.Get(e, t + ".mls[].license_number", null, Reported, Id | Null, Str | Null), m, entryAt, "license_number");
            }
        }

        Activity(e, agent, at, t, "recently_sold", "last_sold_date");
        Activity(e, agent, at, t, "for_sale_price", "last_listing_date");
        if (Read(Fields.Get(e, t + ".office", null, Reported, Obj | Null), agent, at, "office") is { } office)
        {
            Read(Fields.Get(e, t + ".office.name", null, Reported, Str | Null), office, at + ".office", "name");
        }

        if (Read(Fields.Get(e, t + ".broker", null, Reported, Obj | Null), agent, at, "broker") is { } broker)
        {
            Read(Fields.Get(e, t + ".broker.name", null, Reported, Str | Null), broker, at + ".broker", "name");
        }

        if (Read(Fields.Get(e, t + ".phones", null, Reported, Arr | Null), agent, at, "phones") is { } phones)
        {
            var i = 0;
            foreach (var phone in phones.EnumerateArray())
            {
                var phoneAt = Index(at + ".phones", i++);
                if (Accept(Fields.Get(e, t + ".phones[]", null, Reported, Obj | Null), phone, phoneAt) is { } p)
                {
                    Read(Fields.Get(e, t + ".phones[].number", null, Reported, Str | Null), p, phoneAt, "number");
                    Read(Fields.Get(e, t + ".phones[].type", null, Reported, Str | Null), p, phoneAt, "type");
                }
            }
        }

        Read(Fields.Get(e, t + ".email", null, Reported, Str | Null), agent, at, "email");
        if (Read(Fields.Get(e, t + ".served_areas", null, Reported, Arr | Null), agent, at, "served_areas") is { } areas)
        {
            var i = 0;
            foreach (var area in areas.EnumerateArray())
            {
                var areaAt = Index(at + ".served_areas", i++);
                if (Accept(Fields.Get(e, t + ".served_areas[]", null, Reported, Obj | Null), area, areaAt) is { } a)
                {
                    Read(Fields.Get(e, t + ".served_areas[].name", null, Reported, Str | Null), a, areaAt, "name");
                    Read(Fields.Get(e, t + ".served_areas[].state_code", null, Reported, Str | Null), a, areaAt, "state_code");
                }
            }
        }

        Read(Fields.Get(e, t + ".web_url", null, Reported, Str | Null), agent, at, "web_url");
        if (Read(Fields.Get(e, t + ".agent_team_details", null, Reported, Obj | Null), agent, at, "agent_team_details") is { } team)
        {
            Read(Fields.Get(e, t + ".agent_team_details.is_team_member", null, Reported, Bool | Null), team, at + ".agent_team_details", "is_team_member");
        }

        Read(Fields.Get(e, t + ".first_year", null, Reported, Num | Null), agent, at, "first_year");
    }

    /// <summary><c>recently_sold</c> / <c>for_sale_price</c>: count and max are the profile bound's figures.</summary>
    private void Activity(string e, JsonElement agent, string at, string t, string name, string dateName)
    {
        var path = t + "." + name;
        if (Read(Fields.Get(e, path, "the profile bound's figures", Required, Obj), agent, at, name) is not { } block)
        {
            return;
        }

        var blockAt = at + "." + name;
        Read(Fields.Get(e, path + ".count", null, Required, Num), block, blockAt, "count");
        Read(Fields.Get(e, path + ".max", null, Required, Num | Null), block, blockAt, "max");
        Read(Fields.Get(e, path + ".min", null, Reported, Num | Null), block, blockAt, "min");
        Read(Fields.Get(e, path + "." + dateName, null, Reported, Str | Null), block, blockAt, dateName);
    }

    private void InspectListing(string e, JsonElement listing, string at, string t)
    {
        Read(Fields.Get(e, t + ".listing_id", null, Required, Id, Str), listing, at, "listing_id");
        var statusTally = Fields.Get(e, t + ".status", null, Required, Str);
        var status = Read(statusTally, listing, at, "status")?.GetString();
        if (status is not null && !KnownStatuses.Contains(status, StringComparer.Ordinal))
        {
            // The grader counts only sold and for_sale; a new status (revision 1's "pending") would silently count nothing.
            statusTally.Reject(
                at + ".status",
                $"is '{Short(status)}', not one of {string.Join(", ", KnownStatuses)}: the grader counts such a listing as nothing (pending is status for_sale with flags.is_pending: true)");
        }

        Read(Fields.Get(e, t + ".list_price", null, Required, Num | Null), listing, at, "list_price");
        Read(Fields.Get(e, t + ".list_date", null, Reported, Str | Null), listing, at, "list_date");
        var descriptionAt = at + ".description";
        if (status == Listing.StatusSold)
        {
            const string Sold = "sold listings";
            if (Read(Fields.Get(e, t + ".description", Sold, Required, Obj), listing, at, "description") is { } description)
            {
                var dateTally = Fields.Get(e, t + ".description.sold_date", Sold, Required, Str);
                if (Read(dateTally, description, descriptionAt, "sold_date") is { } date && !IsDate(date.GetString()))
                {
                    dateTally.Reject(descriptionAt + ".sold_date", $"is '{Short(date.GetString())}', not a date yyyy-MM-dd");
                }

                Read(Fields.Get(e, t + ".description.sold_price", Sold, Required, Num | Null), description, descriptionAt, "sold_price");
            }
        }
        else if (status is not null)
        {
            NotSoldListings++;
            const string NotSold = "listings not sold: a previous sale, never counted";
            if (Read(Fields.Get(e, t + ".description", NotSold, Reported, Obj | Null), listing, at, "description") is { } description)
            {
                var date = Read(Fields.Get(e, t + ".description.sold_date", NotSold, Reported, Str | Null), description, descriptionAt, "sold_date");
                var price = Read(Fields.Get(e, t + ".description.sold_price", NotSold, Reported, Num | Null), description, descriptionAt, "sold_price");
                if (date is not null || price is not null)
                {
                    PreviousSaleOnNotSold++;
                }
            }
        }

        if (Read(Fields.Get(e, t + ".advertisers", null, Required, Arr), listing, at, "advertisers") is { } advertisers)
        {
            var i = 0;
            foreach (var advertiser in advertisers.EnumerateArray())
            {
                var advertiserAt = Index(at + ".advertisers", i++);
                if (Accept(Fields.Get(e, t + ".advertisers[]", null, Required, Obj | Null), advertiser, advertiserAt) is not { } a)
                {
                    continue;
                }

                Read(Fields.Get(e, t + ".advertisers[].fulfillment_id", null, Required, Id | Null, Str | Null), a, advertiserAt, "fulfillment_id");
                Read(Fields.Get(e, t + ".advertisers[].type", null, Required, Str), a, advertiserAt, "type");
            }
        }

        if (Read(Fields.Get(e, t + ".flags", null, Reported, Obj | Null), listing, at, "flags") is { } flags)
        {
            Read(Fields.Get(e, t + ".flags.is_pending", null, Reported, Bool | Null), flags, at + ".flags", "is_pending");
            Read(Fields.Get(e, t + ".flags.is_contingent", null, Reported, Bool | Null), flags, at + ".flags", "is_contingent");
        }

        if (Read(Fields.Get(e, t + ".location", null, Reported, Obj | Null), listing, at, "location") is { } location
            && Read(Fields.Get(e, t + ".location.address", null, Reported, Obj | Null), location, at + ".location", "address") is { } address)
        {
            Read(Fields.Get(e, t + ".location.address.postal_code", null, Reported, Str | Null), address, at + ".location.address", "postal_code");
        }
    }

    private static bool IsDate(string? text) =>
        text is { Length: >= 10 }
        && DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string Index(string path, int i) => string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
}

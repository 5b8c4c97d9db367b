using System.Globalization;
using System.Text.Json;
using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Provider;

/// <summary>
/// The provider's response mapping (listing-API contract revision 2), in one place: "Realty in US" JSON bodies to
/// PropGrade's listing types. A real-world shape difference (a renamed field, a different envelope) is a change to this
/// file and <see cref="ProviderDtos"/> only. Throws <see cref="ProviderShapeException"/> for a well-formed body of the
/// wrong shape and <see cref="JsonException"/> for a malformed one.
/// </summary>
/// <remarks>
/// Decisions the contract leaves to the client: advertiser ids are strings (numbers are read as their digits); an
/// advertiser's side comes from its <c>type</c> (<c>seller</c>/<c>co_seller</c> listing side, <c>buyer</c>/<c>co_buyer</c>
/// buyer side, anything else no side, kept so that it can be reported); <c>description.sold_price</c> and
/// <c>sold_date</c> are kept only on a <c>sold</c> listing (elsewhere they are the property's previous sale); a sold
/// listing whose <c>sold_price</c> is null is undisclosed, not malformed; a sold listing without <c>sold_date</c> is
/// mapped without one (the grader never counts it: it cannot be placed in the window); pending and contingent come from
/// <c>flags</c>.
/// </remarks>
internal static class RealtyInUsMapper
{
    /// <param name="body">An <c>/agents/list</c> body.</param>
    /// <param name="offset">The offset asked for.</param>
    /// <param name="limit">The limit asked for.</param>
    public static AgentPage MapAgentPage(ReadOnlySpan<byte> body, int offset, int limit)
    {
        var dto = JsonSerializer.Deserialize(body, ProviderJsonContext.Default.AgentListResponseDto)
            ?? throw new ProviderShapeException("The agent list body was null.");
        var matching = dto.MatchingRows ?? throw new ProviderShapeException("The agent list has no matching_rows.");
        var agents = dto.Agents ?? throw new ProviderShapeException("The agent list has no agents array.");
        var mapped = new List<AgentProfile>(agents.Count);
        foreach (var agent in agents)
        {
            mapped.Add(MapAgent(agent ?? throw new ProviderShapeException("The agent list holds a null agent.")));
        }

        return new AgentPage(offset, limit, matching, mapped);
    }

    public static AgentProfile MapProfile(ReadOnlySpan<byte> body)
    {
        var dto = JsonSerializer.Deserialize(body, ProviderJsonContext.Default.AgentProfileResponseDto)
            ?? throw new ProviderShapeException("The profile body was null.");
        return MapAgent(dto.Agent ?? throw new ProviderShapeException("The profile has no agent object."));
    }

    /// <param name="body">A <c>get-listings</c> body.</param>
    /// <param name="kind">The type asked for: the key of the <c>data</c> envelope.</param>
    /// <param name="page">The page asked for.</param>
    public static ListingPage MapListingPage(ReadOnlySpan<byte> body, ListingKind kind, int page)
    {
        var dto = JsonSerializer.Deserialize(body, ProviderJsonContext.Default.ListingsResponseDto)
            ?? throw new ProviderShapeException("The listings body was null.");
        var data = dto.Data ?? throw new ProviderShapeException("The listings body has no data object.");
        var key = ListingApiUrls.TypeValue(kind);
        var feed = (kind == ListingKind.ForSold ? data.ForSold : data.ForSale)
            ?? throw new ProviderShapeException($"The listings body has no data.{key} object.");
        var total = feed.Total ?? throw new ProviderShapeException($"data.{key} has no total.");
        var results = feed.Results ?? throw new ProviderShapeException($"data.{key} has no results array.");
        var mapped = new List<Listing>(results.Count);
        foreach (var listing in results)
        {
            mapped.Add(MapListing(listing ?? throw new ProviderShapeException($"data.{key}.results holds a null listing.")));
        }

        return new ListingPage(page, total, mapped);
    }

    /// <summary>The <c>message</c> of a provider error body, or null when the body has none.</summary>
    public static string? TryReadMessage(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, ProviderJsonContext.Default.ProviderMessageDto)?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// True for the gateway's 404 message of a path it does not serve (<c>Endpoint '/agents/list' does not exist</c>),
    /// as opposed to the provider's own 404 about an agent.
    /// </summary>
    public static bool IsEndpointMissing(string? message) =>
        message is not null
        && message.StartsWith("Endpoint ", StringComparison.OrdinalIgnoreCase)
        && message.TrimEnd('.', ' ').EndsWith("does not exist", StringComparison.OrdinalIgnoreCase);

    /// <summary>The listing side for <c>seller</c>/<c>co_seller</c>, the buyer side for <c>buyer</c>/<c>co_buyer</c>, else none.</summary>
    public static AdvertiserSide SideOf(string? type) => type switch
    {
        "seller" or "co_seller" => AdvertiserSide.Seller,
        "buyer" or "co_buyer" => AdvertiserSide.Buyer,
        _ => AdvertiserSide.None,
    };

    private static AgentProfile MapAgent(AgentSummaryDto agent)
    {
        var advertiserId = agent.AdvertiserId is { Length: > 0 } id ? id : throw new ProviderShapeException("An agent has no advertiser_id.");
        var mls = new List<MlsMembership>();
        string? license = null;
        string? firstLicense = null;
        foreach (var entry in agent.Mls ?? [])
        {
            if (entry is null)
            {
                continue;
            }

            var licenseText = entry.LicenseNumber is { Length: > 0 } number
                ? (entry.Abbreviation is { Length: > 0 } mlsName ? $"{number} ({mlsName})" : number)
                : null;
            firstLicense ??= licenseText;
            if (entry.Primary == true && licenseText is not null)
            {
                license ??= licenseText;
            }

            if (entry.Abbreviation is { Length: > 0 } abbreviation && entry.Member?.Id is { Length: > 0 } memberId)
            {
                mls.Add(new MlsMembership(abbreviation, memberId, entry.LicenseNumber, entry.Primary == true));
            }
        }

        var area = (agent.ServedAreas ?? []).FirstOrDefault(a => a?.Name is { Length: > 0 });
        var contact = new AgentContact(
            NrdsId: agent.NrdsId is { Length: > 0 } nrds ? nrds : null,
            Phone: Phone(agent.Phones, "mobile") ?? Phone(agent.Phones, null),
            OfficePhone: Phone(agent.Phones, "office"),
            Email: Blank(agent.Email),
            License: license ?? firstLicense,
            Broker: Blank(agent.Broker?.Name),
            City: Blank(area?.Name),
            State: Blank(area?.StateCode),
            ProfileUrl: Blank(agent.WebUrl));

        return new AgentProfile(
            advertiserId,
            agent.PersonName ?? string.Empty,
            Blank(agent.Office?.Name),
            contact,
            mls,
            MapActivity(agent.RecentlySold, sold: true),
            MapActivity(agent.ForSalePrice, sold: false),
            agent.AgentTeamDetails?.IsTeamMember ?? false,
            agent.FirstYear);
    }

    /// <summary>The first phone of the type (case-insensitive), or the first phone at all when <paramref name="type"/> is null.</summary>
    private static string? Phone(List<PhoneDto?>? phones, string? type)
    {
        foreach (var phone in phones ?? [])
        {
            if (phone?.Number is { Length: > 0 } number && (type is null || string.Equals(phone.Type, type, StringComparison.OrdinalIgnoreCase)))
            {
                return number;
            }
        }

        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static ActivitySummary MapActivity(ActivityDto? activity, bool sold)
    {
        if (activity is null)
        {
            return ActivitySummary.None;
        }

        var date = ParseDate(sold ? activity.LastSoldDate : activity.LastListingDate);
        return new ActivitySummary(activity.Count ?? 0, activity.Min, activity.Max, date);
    }

    private static Listing MapListing(ListingDto listing)
    {
        var id = listing.ListingId is { Length: > 0 } value ? value : throw new ProviderShapeException("A listing has no listing_id.");
        var status = listing.Status is { Length: > 0 } s ? s : throw new ProviderShapeException($"Listing {id} has no status.");
        var advertisers = new List<Advertiser>(listing.Advertisers?.Count ?? 0);
        foreach (var advertiser in listing.Advertisers ?? [])
        {
            if (advertiser is null)
            {
                continue;
            }

            // An entry without an id still takes its share of its side: it is never this agent.
            var type = advertiser.Type ?? string.Empty;
            advertisers.Add(new Advertiser(advertiser.FulfillmentId ?? string.Empty, SideOf(type), type));
        }

        // description.sold_* of a listing that is not sold is the property's previous sale: never counted (its date is
        // kept apart, as PreviousSaleDate, only for the explain view).
        var sold = status == Listing.StatusSold;
        return new Listing(
            id,
            status,
            listing.ListPrice,
            sold ? listing.Description?.SoldPrice : null,
            ParseDate(listing.ListDate),
            sold ? ParseDate(listing.Description?.SoldDate) : null,
            listing.Location?.Address?.PostalCode,
            listing.Flags?.IsPending == true,
            listing.Flags?.IsContingent == true,
            advertisers,
            sold ? null : ParseDate(listing.Description?.SoldDate));
    }

    /// <summary>Reads <c>yyyy-MM-dd</c> or an ISO timestamp (only its date part counts).</summary>
    private static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length < 10)
        {
            return null;
        }

        return DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }
}

using System.Globalization;
using System.Text.Json;
using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Provider;

/// <summary>
/// The provider's response mapping, in one place: "Realty in US" JSON bodies to PropGrade's listing types. A
/// real-world shape difference (a renamed field, a different envelope) is a change to this file and
/// <see cref="ProviderDtos"/> only. Throws <see cref="ProviderShapeException"/> for a well-formed body of the wrong
/// shape and <see cref="JsonException"/> for a malformed one.
/// </summary>
internal static class RealtyInUsMapper
{
    public static AgentPage MapAgentPage(ReadOnlySpan<byte> body, int offset)
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

        return new AgentPage(offset, matching, mapped);
    }

    public static AgentProfile MapProfile(ReadOnlySpan<byte> body)
    {
        var dto = JsonSerializer.Deserialize(body, ProviderJsonContext.Default.AgentProfileResponseDto)
            ?? throw new ProviderShapeException("The profile body was null.");
        return MapAgent(dto.Agent ?? throw new ProviderShapeException("The profile has no agent object."));
    }

    public static ListingPage MapListingPage(ReadOnlySpan<byte> body, int requestedPage)
    {
        var dto = JsonSerializer.Deserialize(body, ProviderJsonContext.Default.ListingsResponseDto)
            ?? throw new ProviderShapeException("The listings body was null.");
        var matching = dto.MatchingRows ?? throw new ProviderShapeException("The listings page has no matching_rows.");
        var listings = dto.Listings ?? throw new ProviderShapeException("The listings page has no listings array.");
        var mapped = new List<Listing>(listings.Count);
        foreach (var listing in listings)
        {
            mapped.Add(MapListing(listing ?? throw new ProviderShapeException("The listings page holds a null listing.")));
        }

        var pageSize = dto.PageSize is > 0 ? dto.PageSize.Value : ListingApiUrls.ListingsPageSize;
        return new ListingPage(dto.Page ?? requestedPage, pageSize, matching, mapped);
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

    private static AgentProfile MapAgent(AgentSummaryDto agent)
    {
        var advertiserId = agent.AdvertiserId ?? throw new ProviderShapeException("An agent has no advertiser_id.");
        var fulfillmentId = agent.FulfillmentId ?? throw new ProviderShapeException($"Agent {advertiserId} has no fulfillment_id.");
        var areas = new List<string>();
        foreach (var area in agent.ServedAreas ?? [])
        {
            if (area?.Name is { Length: > 0 } name)
            {
                areas.Add(area.StateCode is { Length: > 0 } state ? $"{name}, {state}" : name);
            }
        }

        return new AgentProfile(
            advertiserId,
            fulfillmentId,
            agent.PersonName ?? string.Empty,
            agent.Office?.Name,
            agent.Broker?.Name,
            agent.Email,
            areas,
            MapActivity(agent.RecentlySold, sold: true),
            MapActivity(agent.ForSalePrice, sold: false),
            agent.AgentTeamDetails?.IsTeamMember ?? false,
            agent.FirstYear);
    }

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
        var status = listing.Status ?? throw new ProviderShapeException($"Listing {id} has no status.");
        var advertisers = new List<Advertiser>();
        foreach (var advertiser in listing.Advertisers ?? [])
        {
            if (advertiser?.FulfillmentId is not { } fulfillmentId)
            {
                continue;
            }

            AdvertiserSide? side = advertiser.Type switch
            {
                "seller" => AdvertiserSide.Seller,
                "buyer" => AdvertiserSide.Buyer,
                _ => null,
            };
            if (side is { } known)
            {
                advertisers.Add(new Advertiser(fulfillmentId, advertiser.Name ?? string.Empty, known));
            }
        }

        var soldDate = ParseDate(listing.SoldDate);
        if (status == Listing.StatusSold && (listing.SoldPrice is null || soldDate is null))
        {
            throw new ProviderShapeException($"Sold listing {id} has no sold_price or sold_date.");
        }

        return new Listing(
            id,
            status,
            listing.ListPrice ?? 0m,
            listing.SoldPrice,
            ParseDate(listing.ListDate),
            soldDate,
            listing.Address?.PostalCode,
            advertisers);
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

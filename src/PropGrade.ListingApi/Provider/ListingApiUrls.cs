using System.Globalization;
using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Provider;

/// <summary>
/// The request URLs (path + query, relative to the API base) of listing-API contract revision 2, built in one place so
/// the live client and the replay source ask for exactly the same thing. Never carries the key (it travels in a header).
/// </summary>
internal static class ListingApiUrls
{
    /// <summary>The provider's paging cap for <c>get-listings</c> (it answers 400 past it).</summary>
    public const int MaxListingsPage = 20;

    /// <summary>The largest <c>limit</c> <c>/agents/list</c> accepts.</summary>
    public const int MaxDiscoveryLimit = 20;

    /// <summary>
    /// <c>/agents/list?postal_code=…&amp;offset=…&amp;limit=…&amp;sort=recently_sold_high&amp;types=agent</c>
    /// (<c>types=agent</c> keeps teams and offices out).
    /// </summary>
    public static string Discover(string postalCode, int offset, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"/agents/list?postal_code={E(postalCode)}&offset={offset}&limit={limit}&sort=recently_sold_high&types=agent");

    /// <summary><c>/agents/get-profile?advertiser_id=…&amp;nrds_id=…</c> (both required).</summary>
    public static string Profile(RosterEntry agent) =>
        $"/agents/get-profile?advertiser_id={E(agent.AdvertiserId)}&nrds_id={E(agent.NrdsId ?? string.Empty)}";

    /// <summary>
    /// <c>/agents/get-listings?fulfillment_id={advertiser id}&amp;id={MLS abbreviation}&amp;agent_id={MLS member id}&amp;type=…&amp;page=…</c>.
    /// </summary>
    public static string Listings(ListingsKey agent, ListingKind kind, int page) =>
        string.Create(CultureInfo.InvariantCulture,
            $"/agents/get-listings?fulfillment_id={E(agent.AdvertiserId)}&id={E(agent.MlsAbbreviation)}&agent_id={E(agent.MlsMemberId)}&type={TypeValue(kind)}&page={page}");

    /// <summary>The <c>type</c> parameter, which is also the key of the response's <c>data</c> envelope.</summary>
    public static string TypeValue(ListingKind kind) => kind switch
    {
        ListingKind.ForSale => "forSale",
        ListingKind.ForSold => "forSold",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown listing kind."),
    };

    private static string E(string value) => Uri.EscapeDataString(value);
}

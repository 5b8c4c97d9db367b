using System.Globalization;
using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Provider;

/// <summary>
/// The request URLs (path + query, relative to the API base), built in one place so the live client and the replay
/// source ask for exactly the same thing. Never carries the key (it travels in a header).
/// </summary>
internal static class ListingApiUrls
{
    public const int ListingsPageSize = 10;
    public const int MaxListingsPage = 20;

    public static string Discover(string postalCode, int offset, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"/agents/list?postal_code={Uri.EscapeDataString(postalCode)}&offset={offset}&limit={limit}&sort=recently_sold_high");

    public static string Profile(long advertiserId) =>
        string.Create(CultureInfo.InvariantCulture, $"/agents/get-profile?advertiser_id={advertiserId}");

    public static string Listings(long fulfillmentId, ListingKind kind, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"/agents/get-listings?fulfillment_id={fulfillmentId}&type={TypeValue(kind)}&page={page}");

    public static string TypeValue(ListingKind kind) => kind switch
    {
        ListingKind.ForSale => "forSale",
        ListingKind.ForSold => "forSold",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown listing kind."),
    };

    public static string StageOf(ListingKind kind) => kind == ListingKind.ForSale ? "active" : "sold";
}

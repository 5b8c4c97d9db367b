namespace PropGrade.Core.Listings;

/// <summary>
/// A listing as the grader sees it. <see cref="SoldPrice"/> and <see cref="SoldDate"/> are null unless
/// <see cref="Status"/> is <c>sold</c>.
/// </summary>
public sealed record Listing(
    string ListingId,
    string Status,
    decimal ListPrice,
    decimal? SoldPrice,
    DateOnly? ListDate,
    DateOnly? SoldDate,
    string? PostalCode,
    IReadOnlyList<Advertiser> Advertisers)
{
    public const string StatusSold = "sold";
    public const string StatusForSale = "for_sale";
    public const string StatusPending = "pending";

    public bool IsSold => Status == StatusSold;

    public bool IsActive => Status is StatusForSale or StatusPending;
}

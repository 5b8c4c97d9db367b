using System.Text.Json.Serialization;
using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Provider;

// The provider's wire shapes of listing-API contract revision 2 (snake_case), read by RealtyInUsMapper only. Every
// field is optional here; the mapper decides which absences make a body unusable. Ids arrive as strings or numbers
// and are read as strings.

internal sealed record AgentListResponseDto(int? MatchingRows, List<AgentSummaryDto?>? Agents);

internal sealed record AgentProfileResponseDto(AgentSummaryDto? Agent);

internal sealed record AgentSummaryDto(
    [property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string? AdvertiserId,
    [property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string? NrdsId,
    string? PersonName,
    string? Email,
    List<PhoneDto?>? Phones,
    NamedDto? Office,
    NamedDto? Broker,
    List<MlsDto?>? Mls,
    List<ServedAreaDto?>? ServedAreas,
    ActivityDto? ForSalePrice,
    ActivityDto? RecentlySold,
    TeamDetailsDto? AgentTeamDetails,
    int? FirstYear,
    string? WebUrl);

internal sealed record PhoneDto(string? Number, string? Type);

internal sealed record NamedDto(string? Name);

internal sealed record MlsDto(
    string? Abbreviation,
    [property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string? LicenseNumber,
    MlsMemberDto? Member,
    bool? Primary);

internal sealed record MlsMemberDto([property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string? Id);

internal sealed record ServedAreaDto(string? Name, string? StateCode);

internal sealed record ActivityDto(int? Count, decimal? Min, decimal? Max, string? LastListingDate, string? LastSoldDate);

internal sealed record TeamDetailsDto(bool? IsTeamMember);

/// <summary><c>{"data": {"forSold": {…}}}</c>: the key names the type asked for.</summary>
internal sealed record ListingsResponseDto(ListingsDataDto? Data);

internal sealed record ListingsDataDto(
    [property: JsonPropertyName("forSold")] ListingFeedDto? ForSold,
    [property: JsonPropertyName("forSale")] ListingFeedDto? ForSale);

internal sealed record ListingFeedDto(int? Total, int? Count, List<ListingDto?>? Results);

internal sealed record ListingDto(
    [property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string? ListingId,
    string? Status,
    decimal? ListPrice,
    string? ListDate,
    DescriptionDto? Description,
    LocationDto? Location,
    List<AdvertiserDto?>? Advertisers,
    FlagsDto? Flags);

internal sealed record DescriptionDto(string? SoldDate, decimal? SoldPrice);

internal sealed record LocationDto(AddressDto? Address);

internal sealed record AddressDto(string? PostalCode);

internal sealed record AdvertiserDto(
    [property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string? FulfillmentId,
    string? Type);

internal sealed record FlagsDto(bool? IsPending, bool? IsContingent);

internal sealed record ProviderMessageDto(string? Message);

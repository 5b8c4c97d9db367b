namespace PropGrade.ListingApi.Provider;

// The provider's wire shapes (snake_case), read by RealtyInUsMapper only. Every field is optional here; the mapper
// decides which absences make a body unusable.

internal sealed record AgentListResponseDto(int? MatchingRows, List<AgentSummaryDto?>? Agents);

internal sealed record AgentProfileResponseDto(AgentSummaryDto? Agent);

internal sealed record ListingsResponseDto(int? MatchingRows, int? Page, int? PageSize, List<ListingDto?>? Listings);

internal sealed record AgentSummaryDto(
    long? AdvertiserId,
    long? FulfillmentId,
    string? PersonName,
    NamedDto? Office,
    NamedDto? Broker,
    string? Email,
    List<ServedAreaDto?>? ServedAreas,
    ActivityDto? ForSalePrice,
    ActivityDto? RecentlySold,
    TeamDetailsDto? AgentTeamDetails,
    int? FirstYear);

internal sealed record NamedDto(string? Name);

internal sealed record ServedAreaDto(string? Name, string? StateCode);

internal sealed record ActivityDto(int? Count, decimal? Min, decimal? Max, string? LastListingDate, string? LastSoldDate);

internal sealed record TeamDetailsDto(bool? IsTeamMember);

internal sealed record ListingDto(
    string? ListingId,
    string? Status,
    decimal? ListPrice,
    decimal? SoldPrice,
    string? ListDate,
    string? SoldDate,
    AddressDto? Address,
    List<AdvertiserDto?>? Advertisers);

internal sealed record AddressDto(string? PostalCode);

internal sealed record AdvertiserDto(long? FulfillmentId, string? Name, string? Type);

internal sealed record ProviderMessageDto(string? Message);

namespace PropGrade.Core.Listings;

/// <summary>
/// An agent as <c>/agents/list</c> and <c>/agents/get-profile</c> describe it (the provider's <c>AgentSummary</c>).
/// <see cref="FulfillmentId"/> is the id <c>get-listings</c> takes.
/// </summary>
public sealed record AgentProfile(
    long AdvertiserId,
    long FulfillmentId,
    string Name,
    string? OfficeName,
    string? BrokerName,
    string? Email,
    IReadOnlyList<string> ServedAreas,
    ActivitySummary RecentlySold,
    ActivitySummary ForSale,
    bool IsTeamMember,
    int? FirstYear);

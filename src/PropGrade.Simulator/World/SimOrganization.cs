namespace PropGrade.Simulator.World;

/// <summary>
/// A team or an office listed by <c>/agents/list</c> without <c>types=agent</c>. It has an advertiser id, no NRDS id
/// and no MLS entry, so neither get-profile nor get-listings knows it (404 "Agent not found").
/// </summary>
internal sealed record SimOrganization(
    long AdvertiserId,
    OrganizationKind Kind,
    int MarketIndex,
    string Name,
    string Email,
    string Phone,
    string OfficeName,
    long OfficeFulfillmentId,
    string BrokerName,
    long BrokerFulfillmentId,
    ActivityFigures RecentlySold,
    ActivityFigures ForSalePrice,
    int FirstYear);

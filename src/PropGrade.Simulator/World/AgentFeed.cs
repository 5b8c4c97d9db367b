namespace PropGrade.Simulator.World;

/// <summary>
/// One agent's two listing feeds in API order and the profile figures derived from them.
/// <see cref="ForSale"/>: active listings where the agent is a seller-side advertiser, newest list_date first;
/// <see cref="ForSold"/>: sold listings where the agent is on either side, newest sold_date first; ties by listing id.
/// </summary>
internal sealed record AgentFeed(
    int AgentIndex,
    SimListing[] ForSale,
    SimListing[] ForSold,
    ActivityFigures RecentlySold,
    ActivityFigures ForSalePrice);

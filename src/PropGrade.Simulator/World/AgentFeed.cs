namespace PropGrade.Simulator.World;

/// <summary>
/// One agent's two listing feeds and the profile figures derived from them.
/// <see cref="ForSale"/>: the listings that are not sold on which the agent appears, newest list date first;
/// <see cref="ForSold"/>: the sold listings on which the agent appears (any type, either side), newest sold date first;
/// ties by listing id. <see cref="ServedForSold"/> is the order the API serves: <see cref="ForSold"/>, or a seeded
/// shuffle of it under the <c>unsorted-sold</c> drift.
/// </summary>
internal sealed record AgentFeed(
    int AgentIndex,
    SimListing[] ForSale,
    SimListing[] ForSold,
    SimListing[] ServedForSold,
    ActivityFigures RecentlySold,
    ActivityFigures ForSalePrice);

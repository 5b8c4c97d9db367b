namespace PropGrade.Simulator.World;

/// <summary>
/// Where the simulator's facts come from: the seeded <see cref="GeneratedWorld"/>, or a hand-made world in tests.
/// Everything else (feeds, profiles, list order, truth) is derived from this by <see cref="WorldView"/>.
/// </summary>
internal interface IWorldSource
{
    DateOnly Today { get; }

    IReadOnlyList<Market> Markets { get; }

    int AgentCount { get; }

    /// <summary>The agent indexes of a market, in index order.</summary>
    IReadOnlyList<int> AgentsInMarket(int marketIndex);

    /// <summary>The teams and offices <c>/agents/list</c> shows for the market when <c>types</c> allows them.</summary>
    IReadOnlyList<SimOrganization> OrganizationsInMarket(int marketIndex);

    AgentIdentity GetAgent(int index);

    /// <summary>The agent's MLS entries (cheaper than <see cref="GetAgent"/>; get-listings checks them on every call).</summary>
    IReadOnlyList<SimMls> MlsOf(int index);

    /// <summary>The agent's advertiser_id (the id its listings' advertisers carry, as a string).</summary>
    long AdvertiserIdOf(int index);

    bool TryFindByAdvertiserId(long advertiserId, out int index);

    /// <summary>
    /// Groups of listings that together hold every listing any agent of the market appears on (a listing may be in
    /// one group only). Lets a whole market be summarised in one pass instead of agent by agent.
    /// </summary>
    IEnumerable<IReadOnlyList<SimListing>> ListingGroupsOf(int marketIndex);

    /// <summary>Every listing on which the agent appears as an advertiser (any type), each once, any order.</summary>
    IReadOnlyList<SimListing> ListingsOf(int agentIndex);
}

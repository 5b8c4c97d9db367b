namespace PropGrade.Simulator.World;

/// <summary>
/// Where the simulator's facts come from: the seeded <see cref="GeneratedWorld"/>, or a hand-made world in tests.
/// Everything else (feeds, profiles, truth) is derived from this by <see cref="WorldView"/>.
/// </summary>
internal interface IWorldSource
{
    DateOnly Today { get; }

    IReadOnlyList<Market> Markets { get; }

    int AgentCount { get; }

    /// <summary>The agent indexes of a market, in index order.</summary>
    IReadOnlyList<int> AgentsInMarket(int marketIndex);

    AgentIdentity GetAgent(int index);

    bool TryFindByAdvertiserId(long advertiserId, out int index);

    bool TryFindByFulfillmentId(long fulfillmentId, out int index);

    /// <summary>Every listing on which the agent appears as an advertiser (either side), each once, any order.</summary>
    IReadOnlyList<SimListing> ListingsOf(int agentIndex);
}

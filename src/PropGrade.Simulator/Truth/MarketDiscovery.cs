namespace PropGrade.Simulator.Truth;

/// <summary>
/// Discovery of one market as the rules read it (<c>types=agent</c>, <c>limit=20</c>, offsets 0, 20, …): the agents
/// listed, the calls it takes, and under an offset cap how many agents it cannot reach.
/// </summary>
internal sealed record MarketDiscovery(string PostalCode, int Agents, int Calls, bool Truncated, int NotReached)
{
    public int Reached => Agents - NotReached;
}

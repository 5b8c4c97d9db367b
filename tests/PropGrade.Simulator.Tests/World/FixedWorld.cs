using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Tests.World;

/// <summary>
/// A hand-made world: one market (07030 Hoboken, NJ) or, with <c>nonDisclosure</c>, one in Texas (78704 Austin);
/// named agents (advertiser id 500 + index, NRDS id "NRDS" + index, one primary MLS entry "NJMLS" / "M" + index unless
/// added without), explicit listings with their advertisers' types.
/// </summary>
internal sealed class FixedWorld : IWorldSource
{
    private readonly List<(string Name, SimMls[] Mls)> _agents = [];
    private readonly List<SimListing> _listings = [];
    private ulong _nextKey = 2_100_000_001;

    public FixedWorld(DateOnly today, bool nonDisclosure = false)
    {
        Today = today;
        Markets = [nonDisclosure ? new Market(0, "78704", "Austin", "TX", 750_000, 1) : new Market(0, "07030", "Hoboken", "NJ", 750_000, 1)];
    }

    public DateOnly Today { get; }

    public IReadOnlyList<Market> Markets { get; }

    public int AgentCount => _agents.Count;

    public List<SimOrganization> Organizations { get; } = [];

    public static long AdvertiserId(int index) => 500 + index;

    public static string Nrds(int index) => "NRDS" + index;

    /// <summary>Adds an agent with one primary MLS entry (<c>NJMLS</c> / <c>M{index}</c>), or none when <paramref name="withMls"/> is false.</summary>
    public int AddAgent(string name, bool withMls = true)
    {
        var index = _agents.Count;
        _agents.Add((name, withMls ? [new SimMls("NJMLS", "NJ" + index, "M" + index, true)] : []));
        return index;
    }

    public void AddSold(DateOnly soldDate, long? price, int[] sellers, int[] buyers, long listPrice = 0) =>
        Add(ListingStatus.Sold, soldDate.AddDays(-30), listPrice == 0 ? price ?? 0 : listPrice, soldDate, price, Typed(sellers, buyers));

    public void AddActive(DateOnly listDate, long price, int[] sellers, bool pending = false, DateOnly? previousSale = null, long? previousPrice = null) =>
        Add(ListingStatus.ForSale, listDate, price, previousSale, previousPrice, Typed(sellers, []), pending);

    /// <summary>Adds a listing with explicit advertiser entries.</summary>
    public void Add(
        ListingStatus status, DateOnly listDate, long listPrice, DateOnly? soldDate, long? soldPrice, SimAdvertiser[] advertisers, bool pending = false) =>
        _listings.Add(new SimListing
        {
            Key = _nextKey++,
            Status = status,
            ListPrice = listPrice,
            ListDate = listDate,
            SoldDate = soldDate,
            SoldPrice = soldPrice,
            IsPending = pending,
            MarketIndex = 0,
            Detail = (uint)_nextKey,
            Advertisers = advertisers,
        });

    /// <summary>sellers[0] "seller", sellers[1] "co_seller"; buyers[0] "buyer", buyers[1] "co_buyer".</summary>
    public static SimAdvertiser[] Typed(int[] sellers, int[] buyers) =>
    [
        .. sellers.Select((s, i) => new SimAdvertiser(s, i == 0 ? AdvertiserType.Seller : AdvertiserType.CoSeller)),
        .. buyers.Select((b, i) => new SimAdvertiser(b, i == 0 ? AdvertiserType.Buyer : AdvertiserType.CoBuyer)),
    ];

    public IReadOnlyList<int> AgentsInMarket(int marketIndex) => [.. Enumerable.Range(0, _agents.Count)];

    public IReadOnlyList<SimOrganization> OrganizationsInMarket(int marketIndex) => Organizations;

    public AgentIdentity GetAgent(int index) => new(
        index, AdvertiserId(index), 0, Nrds(index), _agents[index].Name, "a@example.com", "(201) 555-0100", "(201) 555-0199",
        "TEST OFFICE", 0, "Test Broker", 2, _agents[index].Mls, false, ["buyer", "seller"], 2010);

    public IReadOnlyList<SimMls> MlsOf(int index) => _agents[index].Mls;

    public long AdvertiserIdOf(int index) => AdvertiserId(index);

    public bool TryFindByAdvertiserId(long advertiserId, out int index)
    {
        var offset = advertiserId - 500;
        index = offset >= 0 && offset < _agents.Count ? (int)offset : -1;
        return index >= 0;
    }

    public IEnumerable<IReadOnlyList<SimListing>> ListingGroupsOf(int marketIndex) => [_listings];

    public IReadOnlyList<SimListing> ListingsOf(int agentIndex) => [.. _listings.Where(l => l.HasAgent(agentIndex))];
}

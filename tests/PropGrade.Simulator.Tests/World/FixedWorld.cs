using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Tests.World;

/// <summary>A hand-made world: one market (07030 Hoboken), named agents, explicit listings.</summary>
internal sealed class FixedWorld : IWorldSource
{
    private readonly List<string> _names = [];
    private readonly List<SimListing> _listings = [];
    private ulong _nextKey = 1;

    public FixedWorld(DateOnly today) => Today = today;

    public DateOnly Today { get; }

    public IReadOnlyList<Market> Markets { get; } = [new Market(0, "07030", "Hoboken", "NJ", 750_000, 1)];

    public int AgentCount => _names.Count;

    public static long AdvertiserId(int index) => 500 + index;

    public static long FulfillmentId(int index) => 7000 + index;

    public int AddAgent(string name)
    {
        _names.Add(name);
        return _names.Count - 1;
    }

    public void AddSold(DateOnly soldDate, long price, int[] sellers, int[] buyers) => _listings.Add(Listing(
        ListingStatus.Sold, price, price, soldDate.AddDays(-30), soldDate, sellers, buyers));

    public void AddActive(ListingStatus status, DateOnly listDate, long price, int[] sellers) => _listings.Add(Listing(
        status, price, null, listDate, null, sellers, []));

    public IReadOnlyList<int> AgentsInMarket(int marketIndex) => [.. Enumerable.Range(0, _names.Count)];

    public AgentIdentity GetAgent(int index) => new(
        index, AdvertiserId(index), FulfillmentId(index), 0, _names[index], "a@example.com", "(201) 555-0100", "1", "NJ1",
        "TEST OFFICE", 1, "Test Broker", 2, false, 2010);

    public string NameOf(int index) => _names[index];

    public long FulfillmentIdOf(int index) => FulfillmentId(index);

    public long AdvertiserIdOf(int index) => AdvertiserId(index);

    public bool TryFindByAdvertiserId(long advertiserId, out int index) => InRange(advertiserId - 500, out index);

    public bool TryFindByFulfillmentId(long fulfillmentId, out int index) => InRange(fulfillmentId - 7000, out index);

    public IEnumerable<IReadOnlyList<SimListing>> ListingGroupsOf(int marketIndex) => [_listings];

    public IReadOnlyList<SimListing> ListingsOf(int agentIndex) => [.. _listings.Where(l => l.HasAgent(agentIndex))];

    private bool InRange(long offset, out int index)
    {
        index = offset >= 0 && offset < _names.Count ? (int)offset : -1;
        return index >= 0;
    }

    private SimListing Listing(
        ListingStatus status, long listPrice, long? soldPrice, DateOnly listDate, DateOnly? soldDate, int[] sellers, int[] buyers) => new()
        {
            Key = _nextKey++,
            Status = status,
            ListPrice = listPrice,
            SoldPrice = soldPrice,
            ListDate = listDate,
            SoldDate = soldDate,
            MarketIndex = 0,
            StreetNumber = 1,
            Street = "Elm St",
            PropType = "condo",
            Beds = 2,
            Baths = 1,
            Sqft = 900,
            Advertisers =
            [
                .. sellers.Select(s => new SimAdvertiser(s, AdvertiserSide.Seller)),
                .. buyers.Select(b => new SimAdvertiser(b, AdvertiserSide.Buyer)),
            ],
        };
}

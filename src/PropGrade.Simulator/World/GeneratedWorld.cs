using System.Globalization;

namespace PropGrade.Simulator.World;

/// <summary>
/// The deterministic world of (seed, agent count, today). Nothing global is materialised except the per-market
/// agent index arrays: agents partner only inside a block of <see cref="BlockSize"/> consecutive agents of their
/// market, so every listing an agent appears on (as lister, co-lister or buyer agent) is among the listings its
/// block originates. A block is generated on demand from the seed and kept in a bounded LRU cache.
/// </summary>
internal sealed class GeneratedWorld : IWorldSource
{
    /// <summary>Agents per partnering block (co-listers and buyer agents come from the same block).</summary>
    public const int BlockSize = 16;

    /// <summary>First advertiser id; agent i has <c>AdvertiserIdBase + i</c>.</summary>
    public const long AdvertiserIdBase = 1_000_000;

    /// <summary>First fulfillment id; agent i has <c>FulfillmentIdBase + i</c>.</summary>
    public const long FulfillmentIdBase = 3_000_000;

    private const int HistoryMonths = 36;

    // Production: seller-side deals per year ~ log-normal(median 1.2, sigma 1.3), capped.
    private const double MedianDealsPerYear = 1.2;
    private const double DealsSigma = 1.3;
    private const double MaxDealsPerYear = 160;

    private const double CoListRate = 0.08;
    private const double DualAgencyRate = 0.04;
    private const double OneBuyerAgentRate = 0.55;
    private const double TwoBuyerAgentsRate = 0.03;
    private const double PendingShare = 0.25;
    private const double ActiveMonthsOfInventory = 2.5;

    private readonly ulong _seed;
    private readonly int[] _marketStart;
    private readonly int[][] _marketAgents;
    private readonly int[] _agentMarket;
    private readonly LruCache<int, SimListing[]> _blocks;

    public GeneratedWorld(int seed, int agentCount, DateOnly today, int blockCacheCapacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agentCount, 1);
        _seed = SplitMix.Mix((ulong)(uint)seed + 0x5eed);
        Today = today;
        AgentCount = agentCount;
        Markets = MarketCatalog.All;
        _blocks = new LruCache<int, SimListing[]>(blockCacheCapacity);

        var counts = AllocateAgents(agentCount);
        _marketStart = new int[Markets.Count + 1];
        _marketAgents = new int[Markets.Count][];
        _agentMarket = new int[agentCount];
        for (var m = 0; m < Markets.Count; m++)
        {
            _marketStart[m + 1] = _marketStart[m] + counts[m];
            _marketAgents[m] = [.. Enumerable.Range(_marketStart[m], counts[m])];
            Array.Fill(_agentMarket, m, _marketStart[m], counts[m]);
        }
    }

    public DateOnly Today { get; }

    public IReadOnlyList<Market> Markets { get; }

    public int AgentCount { get; }

    public IReadOnlyList<int> AgentsInMarket(int marketIndex) => _marketAgents[marketIndex];

    public bool TryFindByAdvertiserId(long advertiserId, out int index) =>
        TryIndex(advertiserId - AdvertiserIdBase, out index);

    public bool TryFindByFulfillmentId(long fulfillmentId, out int index) =>
        TryIndex(fulfillmentId - FulfillmentIdBase, out index);

    public long FulfillmentIdOf(int index) => FulfillmentIdBase + index;

    public long AdvertiserIdOf(int index) => AdvertiserIdBase + index;

    public string NameOf(int index)
    {
        var rng = new SplitMix(SplitMix.Hash(_seed, 0xA6E7, (ulong)index));
        var first = NameLists.FirstNames[rng.Next(NameLists.FirstNames.Length)];
        var last = NameLists.LastNames[rng.Next(NameLists.LastNames.Length)];
        return first + " " + last;
    }

    public AgentIdentity GetAgent(int index)
    {
        var rng = new SplitMix(SplitMix.Hash(_seed, 0xA6E7, (ulong)index));
        var market = Markets[_agentMarket[index]];
        var first = NameLists.FirstNames[rng.Next(NameLists.FirstNames.Length)];
        var last = NameLists.LastNames[rng.Next(NameLists.LastNames.Length)];
        var officeNo = rng.Next(4);
        var brand = NameLists.OfficeBrands[(int)(SplitMix.Hash(_seed, (ulong)market.Index, (ulong)officeNo) % (ulong)NameLists.OfficeBrands.Length)];
        var officeName = $"{brand} {market.City}".ToUpperInvariant();
        var officeId = 8_000_000 + (market.Index * 10) + officeNo;
        var domain = new string([.. brand.Where(char.IsLetter)]).ToLowerInvariant();
        var mailLocal = new string([.. (first + "." + last).Where(c => char.IsLetter(c) || c == '.')]).ToLowerInvariant();
        var phone = string.Create(CultureInfo.InvariantCulture, $"({200 + rng.Next(700)}) {200 + rng.Next(700)}-{rng.Next(10_000):0000}");
        return new AgentIdentity(
            Index: index,
            AdvertiserId: AdvertiserIdBase + index,
            FulfillmentId: FulfillmentIdBase + index,
            MarketIndex: market.Index,
            PersonName: first + " " + last,
            Email: mailLocal + "@" + domain + ".com",
            Phone: phone,
            NrdsId: (100_000_000 + rng.Next(900_000_000)).ToString(CultureInfo.InvariantCulture),
            LicenseNumber: market.StateCode + (1_000_000 + rng.Next(9_000_000)).ToString(CultureInfo.InvariantCulture),
            OfficeName: officeName,
            OfficeFulfillmentId: officeId,
            BrokerName: brand + " - Broker",
            BrokerFulfillmentId: 9_000_000 + (market.Index * 10) + officeNo,
            IsTeamMember: rng.Chance(0.2),
            FirstYear: 1985 + rng.Next(40));
    }

    public IReadOnlyList<SimListing> ListingsOf(int agentIndex)
    {
        var block = _blocks.GetOrAdd(BlockStart(agentIndex), GenerateBlock);
        var result = new List<SimListing>();
        foreach (var listing in block)
        {
            if (listing.HasAgent(agentIndex))
            {
                result.Add(listing);
            }
        }

        return result;
    }

    public IEnumerable<IReadOnlyList<SimListing>> ListingGroupsOf(int marketIndex)
    {
        for (var start = _marketStart[marketIndex]; start < _marketStart[marketIndex + 1]; start += BlockSize)
        {
            yield return _blocks.GetOrAdd(start, GenerateBlock);
        }
    }

    /// <summary>Seller-side deals per year of an agent: heavy-tailed (log-normal), the same for every caller.</summary>
    internal double DealsPerYear(int index)
    {
        var rng = new SplitMix(SplitMix.Hash(_seed, 0xDEA1, (ulong)index));
        var rate = MedianDealsPerYear * Math.Exp(DealsSigma * rng.NextGaussian());
        return Math.Clamp(rate, 0.2, MaxDealsPerYear);
    }

    private double PriceMultiplier(int index)
    {
        var rng = new SplitMix(SplitMix.Hash(_seed, 0x9121, (ulong)index));
        return Math.Exp(0.3 * rng.NextGaussian());
    }

    private bool TryIndex(long offset, out int index)
    {
        if (offset >= 0 && offset < AgentCount)
        {
            index = (int)offset;
            return true;
        }

        index = -1;
        return false;
    }

    private int BlockStart(int agentIndex)
    {
        var m = _agentMarket[agentIndex];
        var local = agentIndex - _marketStart[m];
        return _marketStart[m] + (local / BlockSize * BlockSize);
    }

    private int[] AllocateAgents(int agentCount)
    {
        // Seed-jittered weights, largest-remainder allocation: the counts sum exactly to agentCount.
        var weights = Markets
            .Select(m => m.Weight * (0.7 + (0.6 * SplitMix.ToUnit(SplitMix.Hash(_seed, 0x3A7, (ulong)m.Index)))))
            .ToArray();
        var total = weights.Sum();
        var counts = new int[Markets.Count];
        var remainders = new (double Remainder, int Market)[Markets.Count];
        var assigned = 0;
        for (var m = 0; m < counts.Length; m++)
        {
            var exact = agentCount * weights[m] / total;
            counts[m] = (int)Math.Floor(exact);
            assigned += counts[m];
            remainders[m] = (exact - counts[m], m);
        }

        foreach (var (_, m) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Market).Take(agentCount - assigned))
        {
            counts[m]++;
        }

        return counts;
    }

    private SimListing[] GenerateBlock(int start)
    {
        var market = Markets[_agentMarket[start]];
        var end = Math.Min(start + BlockSize, _marketStart[market.Index + 1]);
        var members = end - start;
        var rates = new double[members];
        var cumulative = new double[members];
        var sum = 0.0;
        for (var k = 0; k < members; k++)
        {
            rates[k] = DealsPerYear(start + k);
            sum += rates[k];
            cumulative[k] = sum;
        }

        var historyDays = Today.DayNumber - Today.AddMonths(-HistoryMonths).DayNumber;
        var listings = new List<SimListing>();
        for (var k = 0; k < members; k++)
        {
            var agent = start + k;
            var rng = new SplitMix(SplitMix.Hash(_seed, 0x7157, (ulong)agent));
            var priceLevel = market.MedianPrice * PriceMultiplier(agent);
            var soldCount = rng.NextPoisson(rates[k] * HistoryMonths / 12.0);
            for (var n = 0; n < soldCount; n++)
            {
                var soldDate = Today.AddDays(-rng.Next(historyDays + 1));
                var listDate = soldDate.AddDays(-(7 + rng.Next(120)));
                var listPrice = RoundTo(priceLevel * Math.Exp(0.35 * rng.NextGaussian()), 1000);
                var soldPrice = RoundTo(listPrice * (0.93 + (0.1 * rng.NextDouble())), 500);
                var advertisers = new List<SimAdvertiser>(4) { new(agent, AdvertiserSide.Seller) };
                if (members > 1 && rng.Chance(CoListRate))
                {
                    advertisers.Add(new(PickPeer(ref rng, start, agent, -1, cumulative), AdvertiserSide.Seller));
                }

                var buyer = rng.NextDouble();
                if (buyer < DualAgencyRate)
                {
                    advertisers.Add(new(agent, AdvertiserSide.Buyer));
                }
                else if (members > 1 && buyer < DualAgencyRate + OneBuyerAgentRate)
                {
                    advertisers.Add(new(PickPeer(ref rng, start, agent, -1, cumulative), AdvertiserSide.Buyer));
                }
                else if (members > 2 && buyer < DualAgencyRate + OneBuyerAgentRate + TwoBuyerAgentsRate)
                {
                    var b1 = PickPeer(ref rng, start, agent, -1, cumulative);
                    advertisers.Add(new(b1, AdvertiserSide.Buyer));
                    advertisers.Add(new(PickPeer(ref rng, start, agent, b1, cumulative), AdvertiserSide.Buyer));
                }

                listings.Add(NewListing(ref rng, agent, n, ListingStatus.Sold, listPrice, soldPrice, listDate, soldDate, market, [.. advertisers]));
            }

            var activeCount = rng.NextPoisson(rates[k] * ActiveMonthsOfInventory / 12.0);
            for (var n = 0; n < activeCount; n++)
            {
                var listDate = Today.AddDays(-rng.Next(150));
                var listPrice = RoundTo(priceLevel * Math.Exp(0.35 * rng.NextGaussian()), 1000);
                var status = rng.Chance(PendingShare) ? ListingStatus.Pending : ListingStatus.ForSale;
                SimAdvertiser[] advertisers = members > 1 && rng.Chance(CoListRate)
                    ? [new(agent, AdvertiserSide.Seller), new(PickPeer(ref rng, start, agent, -1, cumulative), AdvertiserSide.Seller)]
                    : [new(agent, AdvertiserSide.Seller)];
                listings.Add(NewListing(ref rng, agent, 100_000 + n, status, listPrice, null, listDate, null, market, advertisers));
            }
        }

        return [.. listings];
    }

    private SimListing NewListing(
        ref SplitMix rng, int agent, int n, ListingStatus status, long listPrice, long? soldPrice,
        DateOnly listDate, DateOnly? soldDate, Market market, SimAdvertiser[] advertisers)
    {
        var propType = NameLists.PropTypes[rng.Next(NameLists.PropTypes.Length)];
        var beds = propType == "land" ? 0 : 1 + rng.Next(5);
        return new SimListing
        {
            Key = SplitMix.Hash(_seed, 0x115, (ulong)agent, (ulong)n),
            Status = status,
            ListPrice = listPrice,
            SoldPrice = soldPrice,
            ListDate = listDate,
            SoldDate = soldDate,
            MarketIndex = market.Index,
            StreetNumber = 1 + rng.Next(2500),
            Street = NameLists.Streets[rng.Next(NameLists.Streets.Length)],
            PropType = propType,
            Beds = beds,
            Baths = beds == 0 ? 0 : Math.Max(1, beds - rng.Next(2)),
            Sqft = beds == 0 ? 0 : 500 + (beds * 350) + rng.Next(800),
            Advertisers = advertisers,
        };
    }

    /// <summary>A block peer other than <paramref name="self"/> and <paramref name="other"/>, weighted by production.</summary>
    private static int PickPeer(ref SplitMix rng, int start, int self, int other, double[] cumulative)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var target = rng.NextDouble() * cumulative[^1];
            var k = Array.BinarySearch(cumulative, target);
            k = k < 0 ? ~k : k;
            k = Math.Min(k, cumulative.Length - 1);
            var candidate = start + k;
            if (candidate != self && candidate != other)
            {
                return candidate;
            }
        }

        // Deterministic fallback: the next member that is neither.
        for (var k = 0; k < cumulative.Length; k++)
        {
            var candidate = start + ((self - start + 1 + k) % cumulative.Length);
            if (candidate != self && candidate != other)
            {
                return candidate;
            }
        }

        return self;
    }

    private static long RoundTo(double value, long unit) => Math.Max(unit, (long)Math.Round(value / unit) * unit);
}

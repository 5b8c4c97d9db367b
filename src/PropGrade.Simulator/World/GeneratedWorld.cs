using System.Globalization;

namespace PropGrade.Simulator.World;

/// <summary>
/// The deterministic world of (seed, agent count, today, traits). Nothing global is materialised except the per-market
/// agent index arrays: agents partner only inside a block of <see cref="BlockSize"/> consecutive agents of their
/// market, so every listing an agent appears on (as lister, co-lister, buyer's agent or an advertiser of another type)
/// is among the listings its block originates. A block is generated on demand from the seed and kept in a bounded LRU.
/// </summary>
internal sealed class GeneratedWorld : IWorldSource
{
    /// <summary>Agents per partnering block (co-listers and buyer's agents come from the same block).</summary>
    public const int BlockSize = 16;

    /// <summary>First advertiser id; agent i has <c>AdvertiserIdBase + i</c>.</summary>
    public const long AdvertiserIdBase = 1_000_000;

    /// <summary>First listing id; agent i's n-th listing is <c>ListingIdBase + 1000 i + n</c> (10 digits).</summary>
    public const ulong ListingIdBase = 2_000_000_000UL;

    /// <summary>First team / office advertiser id (far above every agent's).</summary>
    public const long OrganizationIdBase = 7_000_000_000;

    private const int HistoryMonths = 36;

    // Listing slots per agent: sold 0..799, active 800..899, off_market / for_rent 900..999.
    private const int MaxSold = 800;
    private const int ActiveSlot = 800;
    private const int OtherSlot = 900;
    private const int MaxPerSlot = 100;

    // Production: seller-side deals per year ~ log-normal(median 1.2, sigma 1.3), capped.
    private const double MedianDealsPerYear = 1.2;
    private const double DealsSigma = 1.3;
    private const double MaxDealsPerYear = 160;
    private const double ActiveMonthsOfInventory = 2.5;

    private readonly ulong _seed;
    private readonly WorldTraits _traits;
    private readonly int[] _marketStart;
    private readonly int[][] _marketAgents;
    private readonly int[] _agentMarket;
    private readonly SimOrganization[][] _organizations;
    private readonly LruCache<int, SimListing[]> _blocks;

    public GeneratedWorld(int seed, int agentCount, DateOnly today, int blockCacheCapacity = 1024, WorldTraits? traits = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agentCount, 1);
        _seed = SplitMix.Mix((ulong)(uint)seed + 0x5eed);
        _traits = traits ?? WorldTraits.Default;
        Today = today;
        AgentCount = agentCount;
        Markets = MarketCatalog.All;
        _blocks = new LruCache<int, SimListing[]>(blockCacheCapacity);

        var counts = AllocateAgents(agentCount);
        _marketStart = new int[Markets.Count + 1];
        _marketAgents = new int[Markets.Count][];
        _agentMarket = new int[agentCount];
        _organizations = new SimOrganization[Markets.Count][];
        for (var m = 0; m < Markets.Count; m++)
        {
            _marketStart[m + 1] = _marketStart[m] + counts[m];
            _marketAgents[m] = [.. Enumerable.Range(_marketStart[m], counts[m])];
            Array.Fill(_agentMarket, m, _marketStart[m], counts[m]);
            _organizations[m] = counts[m] == 0 ? [] : GenerateOrganizations(Markets[m]);
        }
    }

    public DateOnly Today { get; }

    public IReadOnlyList<Market> Markets { get; }

    public int AgentCount { get; }

    public IReadOnlyList<int> AgentsInMarket(int marketIndex) => _marketAgents[marketIndex];

    public IReadOnlyList<SimOrganization> OrganizationsInMarket(int marketIndex) => _organizations[marketIndex];

    public bool TryFindByAdvertiserId(long advertiserId, out int index)
    {
        var offset = advertiserId - AdvertiserIdBase;
        if (offset >= 0 && offset < AgentCount)
        {
            index = (int)offset;
            return true;
        }

        index = -1;
        return false;
    }

    public long AdvertiserIdOf(int index) => AdvertiserIdBase + index;

    public AgentIdentity GetAgent(int index)
    {
        var rng = new SplitMix(SplitMix.Hash(_seed, 0xA6E7, (ulong)index));
        var market = Markets[_agentMarket[index]];
        var first = NameLists.FirstNames[rng.Next(NameLists.FirstNames.Length)];
        var last = NameLists.LastNames[rng.Next(NameLists.LastNames.Length)];
        var officeNo = rng.Next(4);
        var office = Office(market, officeNo);
        var mailLocal = new string([.. (first + "." + last).Where(c => char.IsLetter(c) || c == '.')]).ToLowerInvariant();
        var nrds = (100_000_000 + rng.Next(900_000_000)).ToString(CultureInfo.InvariantCulture);
        var mobile = Phone(ref rng);
        var teamMember = rng.Chance(0.2);
        var firstYear = 1985 + rng.Next(40);
        var kind = rng.NextDouble();
        IReadOnlyList<string> agentType = kind < 0.7 ? BuyerSeller : kind < 0.85 ? SellerOnly : BuyerOnly;
        return new AgentIdentity(
            Index: index,
            AdvertiserId: AdvertiserIdBase + index,
            MarketIndex: market.Index,
            NrdsId: nrds,
            PersonName: first + " " + last,
            Email: mailLocal + "@" + office.Domain + ".com",
            MobilePhone: mobile,
            OfficePhone: office.Phone,
            OfficeName: office.Name,
            OfficeFulfillmentId: office.FulfillmentId,
            BrokerName: office.BrokerName,
            BrokerFulfillmentId: office.BrokerFulfillmentId,
            Mls: MlsOf(index),
            IsTeamMember: teamMember,
            AgentType: agentType,
            FirstYear: firstYear);
    }

    public IReadOnlyList<SimMls> MlsOf(int index)
    {
        // Its own stream, so the MLS rates change nothing else about the agent.
        var rng = new SplitMix(SplitMix.Hash(_seed, 0x3115, (ulong)index));
        if (rng.Chance(_traits.NoMlsRate))
        {
            return [];
        }

        var count = rng.Chance(_traits.MultipleMlsRate) ? (rng.Chance(1.0 / 3) ? 3 : 2) : 1;
        var noPrimary = rng.Chance(_traits.NoPrimaryMlsRate);
        var primary = noPrimary ? -1 : rng.Next(count);
        var market = Markets[_agentMarket[index]];
        var abbreviations = MarketCatalog.MlsAbbreviations(market);
        var start = rng.Next(abbreviations.Length);
        var entries = new SimMls[count];
        for (var e = 0; e < count; e++)
        {
            var abbreviation = abbreviations[(start + e) % abbreviations.Length];
            var prefix = abbreviation.Length > 3 ? abbreviation[..3] : abbreviation;
            entries[e] = new SimMls(
                abbreviation,
                string.Create(CultureInfo.InvariantCulture, $"{market.StateCode}{1_000_000 + rng.Next(9_000_000)}"),
                string.Create(CultureInfo.InvariantCulture, $"{prefix}{10_000 + rng.Next(90_000)}"),
                e == primary);
        }

        return entries;
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

    /// <summary>
    /// The market's blocks, for one pass over the whole market (its <c>/agents/list</c> order). Blocks that are not
    /// cached are generated for the pass only and not cached: a big market's hundreds of blocks would otherwise push
    /// every other block out of the LRU and leave them all as long-lived garbage (most of the simulator's memory).
    /// </summary>
    public IEnumerable<IReadOnlyList<SimListing>> ListingGroupsOf(int marketIndex)
    {
        for (var start = _marketStart[marketIndex]; start < _marketStart[marketIndex + 1]; start += BlockSize)
        {
            yield return _blocks.TryPeek(start, out var cached) ? cached : GenerateBlock(start);
        }
    }

    /// <summary>Seller-side deals per year of an agent: heavy-tailed (log-normal), the same for every caller.</summary>
    internal double DealsPerYear(int index)
    {
        var rng = new SplitMix(SplitMix.Hash(_seed, 0xDEA1, (ulong)index));
        var rate = MedianDealsPerYear * Math.Exp(DealsSigma * rng.NextGaussian());
        return Math.Clamp(rate, 0.2, MaxDealsPerYear);
    }

    private static readonly string[] BuyerSeller = ["buyer", "seller"];
    private static readonly string[] SellerOnly = ["seller"];
    private static readonly string[] BuyerOnly = ["buyer"];

    private static ulong ListingKey(int agent, int slot) => ListingIdBase + (1000UL * (ulong)agent) + (ulong)slot;

    private static string Phone(ref SplitMix rng) =>
        string.Create(CultureInfo.InvariantCulture, $"({200 + rng.Next(700)}) {200 + rng.Next(700)}-{rng.Next(10_000):0000}");

    private (string Name, string Domain, string Phone, long FulfillmentId, string BrokerName, long BrokerFulfillmentId) Office(Market market, int officeNo)
    {
        var rng = new SplitMix(SplitMix.Hash(_seed, 0x0FF1CE, (ulong)market.Index, (ulong)officeNo));
        var brand = NameLists.OfficeBrands[rng.Next(NameLists.OfficeBrands.Length)];
        var phone = Phone(ref rng);
        var zeroId = rng.Chance(_traits.ZeroOfficeIdRate);
        var domain = new string([.. brand.Where(char.IsLetter)]).ToLowerInvariant();
        return (
            $"{brand} {market.City}".ToUpperInvariant(),
            domain,
            phone,
            zeroId ? 0 : 8_000_000 + (market.Index * 10) + officeNo,
            brand + " - Broker",
            9_000_000 + (market.Index * 10) + officeNo);
    }

    private SimOrganization[] GenerateOrganizations(Market market)
    {
        var result = new List<SimOrganization>();
        var total = _traits.TeamsPerMarket + _traits.OfficesPerMarket;
        for (var k = 0; k < total; k++)
        {
            var kind = k < _traits.TeamsPerMarket ? OrganizationKind.Team : OrganizationKind.Office;
            var rng = new SplitMix(SplitMix.Hash(_seed, 0x7EA3, (ulong)market.Index, (ulong)k));
            var office = Office(market, k % 4);
            var last = NameLists.LastNames[rng.Next(NameLists.LastNames.Length)];
            var name = kind == OrganizationKind.Team
                ? (rng.Chance(0.5) ? $"The {last} Team" : $"{last} & {NameLists.LastNames[rng.Next(NameLists.LastNames.Length)]} Group")
                : office.Name;
            var soldCount = 10 + rng.Next(kind == OrganizationKind.Team ? 60 : 150);
            var soldMax = RoundTo(market.MedianPrice * (1.8 + rng.NextDouble()), 1000);
            var soldMin = RoundTo(market.MedianPrice * (0.3 + (0.3 * rng.NextDouble())), 1000);
            var saleCount = 1 + rng.Next(kind == OrganizationKind.Team ? 12 : 40);
            var key = (ulong)k;
            result.Add(new SimOrganization(
                AdvertiserId: OrganizationIdBase + (market.Index * 100L) + k,
                Kind: kind,
                MarketIndex: market.Index,
                Name: name,
                Email: "info@" + office.Domain + ".com",
                Phone: office.Phone,
                OfficeName: office.Name,
                OfficeFulfillmentId: office.FulfillmentId,
                BrokerName: office.BrokerName,
                BrokerFulfillmentId: office.BrokerFulfillmentId,
                RecentlySold: new ActivityFigures(soldCount, soldMin, soldMax, Today.AddDays(-rng.Next(20)), key),
                ForSalePrice: new ActivityFigures(saleCount, soldMin, soldMax, Today.AddDays(-rng.Next(30)), key),
                FirstYear: 1980 + rng.Next(40)));
        }

        return [.. result];
    }

    private double PriceMultiplier(int index)
    {
        var rng = new SplitMix(SplitMix.Hash(_seed, 0x9121, (ulong)index));
        return Math.Exp(0.3 * rng.NextGaussian());
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

        var t = _traits;
        var undisclosedRate = MarketCatalog.IsNonDisclosure(market.StateCode) ? t.UndisclosedPriceRate : t.UndisclosedPriceRateElsewhere;
        var historyDays = Today.DayNumber - Today.AddMonths(-HistoryMonths).DayNumber;
        var block = new Block(start, cumulative);
        var listings = new List<SimListing>(members * 12);
        var advertisers = new List<SimAdvertiser>(6);
        for (var k = 0; k < members; k++)
        {
            var agent = start + k;
            var rng = new SplitMix(SplitMix.Hash(_seed, 0x7157, (ulong)agent));
            var priceLevel = market.MedianPrice * PriceMultiplier(agent);

            // Sold history: 36 months, the agent as seller; partners from the block.
            var soldCount = Math.Min(MaxSold, rng.NextPoisson(rates[k] * HistoryMonths / 12.0));
            for (var n = 0; n < soldCount; n++)
            {
                var soldDate = Today.AddDays(-rng.Next(historyDays + 1));
                var listDate = soldDate.AddDays(-(7 + rng.Next(120)));
                var listPrice = RoundTo(priceLevel * Math.Exp(0.35 * rng.NextGaussian()), 1000);
                var soldPrice = RoundTo(listPrice * (0.93 + (0.1 * rng.NextDouble())), 500);
                advertisers.Clear();
                advertisers.Add(new(agent, AdvertiserType.Seller));
                if (members > 1 && rng.Chance(t.CoListingRate))
                {
                    advertisers.Add(new(block.PickPeer(ref rng, agent, -1), AdvertiserType.CoSeller));
                }

                var buyer = rng.NextDouble();
                if (buyer < t.DualAgencyRate)
                {
                    advertisers.Add(new(agent, AdvertiserType.Buyer));
                }
                else if (members > 1 && buyer < t.DualAgencyRate + t.BuyerAgentRate)
                {
                    advertisers.Add(new(block.PickPeer(ref rng, agent, -1), AdvertiserType.Buyer));
                }
                else if (members > 2 && buyer < t.DualAgencyRate + t.BuyerAgentRate + t.CoBuyerRate)
                {
                    var b1 = block.PickPeer(ref rng, agent, -1);
                    advertisers.Add(new(b1, AdvertiserType.Buyer));
                    advertisers.Add(new(block.PickPeer(ref rng, agent, b1), AdvertiserType.CoBuyer));
                }

                var key = ListingKey(agent, n);
                var traits = TraitStream(key);
                var undisclosed = traits.Chance(undisclosedRate);
                var hideListDate = traits.Chance(t.ListDateMissingRate);
                AddUnknownAdvertiser(ref traits, block, agent, members, advertisers);
                listings.Add(NewListing(ref rng, key, ListingStatus.Sold, listPrice, listDate, hideListDate,
                    soldDate, undisclosed ? null : soldPrice, false, false, market, [.. advertisers]));
            }

            // Active inventory: ~2.5 months of production, the agent as seller.
            var activeCount = Math.Min(MaxPerSlot, rng.NextPoisson(rates[k] * ActiveMonthsOfInventory / 12.0));
            for (var n = 0; n < activeCount; n++)
            {
                var listDate = Today.AddDays(-rng.Next(150));
                var listPrice = RoundTo(priceLevel * Math.Exp(0.35 * rng.NextGaussian()), 1000);
                advertisers.Clear();
                advertisers.Add(new(agent, AdvertiserType.Seller));
                if (members > 1 && rng.Chance(t.CoListingRate))
                {
                    advertisers.Add(new(block.PickPeer(ref rng, agent, -1), AdvertiserType.CoSeller));
                }

                var key = ListingKey(agent, ActiveSlot + n);
                var traits = TraitStream(key);
                var flag = traits.NextDouble();
                var pending = flag < t.PendingRate;
                var contingent = !pending && flag < t.PendingRate + t.ContingentRate;
                var hideListDate = traits.Chance(t.ListDateMissingRate);
                var (priorDate, priorPrice) = PreviousSale(ref traits, listDate, listPrice, undisclosedRate);
                AddUnknownAdvertiser(ref traits, block, agent, members, advertisers);
                listings.Add(NewListing(ref rng, key, ListingStatus.ForSale, listPrice, listDate, hideListDate,
                    priorDate, priorPrice, pending, contingent, market, [.. advertisers]));
            }

            // Listings that count for nothing: withdrawn (off_market) and rentals (for_rent). Own stream.
            var other = new SplitMix(SplitMix.Hash(_seed, 0x07E5, (ulong)agent));
            var otherCount = Math.Min(MaxPerSlot, other.NextPoisson(rates[k] * ActiveMonthsOfInventory / 12.0 * t.OtherStatusRate));
            for (var n = 0; n < otherCount; n++)
            {
                var rental = other.Chance(0.5);
                var listDate = Today.AddDays(-other.Next(365));
                var listPrice = rental
                    ? RoundTo(priceLevel * 0.005 * Math.Exp(0.2 * other.NextGaussian()), 50)
                    : RoundTo(priceLevel * Math.Exp(0.35 * other.NextGaussian()), 1000);
                var key = ListingKey(agent, OtherSlot + n);
                var traits = TraitStream(key);
                var hideListDate = traits.Chance(t.ListDateMissingRate);
                var (priorDate, priorPrice) = PreviousSale(ref traits, listDate, rental ? listPrice * 200 : listPrice, undisclosedRate);
                listings.Add(NewListing(ref other, key, rental ? ListingStatus.ForRent : ListingStatus.OffMarket, listPrice, listDate,
                    hideListDate, priorDate, priorPrice, false, false, market, [new(agent, AdvertiserType.Seller)]));
            }
        }

        return [.. listings];
    }

    /// <summary>The stream a listing's traits are drawn from: one per listing, independent of every rate.</summary>
    private SplitMix TraitStream(ulong key) => new(SplitMix.Hash(_seed, 0x7A17, key));

    /// <summary>
    /// The property's previous sale shown on a listing that is not sold (or none): inside the 12 months before today
    /// (before the listing started) for <see cref="WorldTraits.PreviousSaleInWindowRate"/> of them, else years ago.
    /// </summary>
    private (DateOnly? Date, long? Price) PreviousSale(ref SplitMix traits, DateOnly listDate, long listPrice, double undisclosedRate)
    {
        var has = traits.Chance(_traits.PreviousSaleRate);
        var inWindow = traits.Chance(_traits.PreviousSaleInWindowRate);
        var u = traits.NextDouble();
        var undisclosed = traits.Chance(undisclosedRate);
        var priceFactor = 0.55 + (0.4 * traits.NextDouble());
        if (!has)
        {
            return (null, null);
        }

        var windowStart = Today.AddMonths(-12);
        DateOnly date;
        if (inWindow && listDate.DayNumber - 1 >= windowStart.DayNumber)
        {
            date = windowStart.AddDays((int)(u * (listDate.DayNumber - windowStart.DayNumber)));
        }
        else
        {
            date = windowStart.AddDays(-1 - (int)(u * 365 * 15));
        }

        return (date, undisclosed ? null : RoundTo(listPrice * priceFactor, 500));
    }

    private void AddUnknownAdvertiser(ref SplitMix traits, Block block, int agent, int members, List<SimAdvertiser> advertisers)
    {
        if (traits.Chance(_traits.UnknownAdvertiserTypeRate) && members > 1)
        {
            advertisers.Add(new(block.PickPeer(ref traits, agent, -1), AdvertiserType.Other));
        }
    }

    private static SimListing NewListing(
        ref SplitMix rng, ulong key, ListingStatus status, long listPrice, DateOnly listDate, bool hideListDate,
        DateOnly? soldDate, long? soldPrice, bool pending, bool contingent, Market market, SimAdvertiser[] advertisers) =>
        new()
        {
            Key = key,
            Status = status,
            ListPrice = listPrice,
            ListDate = listDate,
            ListDateHidden = hideListDate,
            SoldDate = soldDate,
            SoldPrice = soldPrice,
            IsPending = pending,
            IsContingent = contingent,
            MarketIndex = market.Index,
            Detail = (uint)rng.NextULong(),
            Advertisers = advertisers,
        };

    private static long RoundTo(double value, long unit) => Math.Max(unit, (long)Math.Round(value / unit) * unit);

    /// <summary>A block's members, weighted by production when picking partners.</summary>
    private sealed class Block(int start, double[] cumulative)
    {
        /// <summary>A block peer other than <paramref name="self"/> and <paramref name="other"/>, weighted by production.</summary>
        public int PickPeer(ref SplitMix rng, int self, int other)
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
    }
}

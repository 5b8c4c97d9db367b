using PropGrade.Core.Audit;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Core.Tests.Fakes;

namespace PropGrade.Core.Tests.Stages;

/// <summary>
/// Random revision-2 worlds (co-sellers, buyers and co-buyers, dual agency, unknown advertiser types, undisclosed
/// prices, previous sales on active listings, pending flags, page sizes other than 10) against a brute-force grader
/// that reads every listing: early stopping never changes a tier, and figures are exact whenever the window was read to
/// its end.
/// </summary>
public sealed class AgentPipelineOracleTests
{
    public static TheoryData<int, bool, string, int, bool> Cases => new()
    {
        { 1, false, "A,B,C", 12, false },
        { 2, true, "A,B,C", 12, false },
        { 3, false, "A", 12, true },
        { 4, false, "A,B,C", 24, false },
        { 5, true, "C", 6, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task GradeAsync_RandomWorld_MatchesFullReadOracle(int seed, bool includeActive, string selected, int months, bool exclude)
    {
        var random = new Random(seed);
        var source = new FakeListingSource { PageSize = 7 + (seed % 5) };
        var agents = new List<long>();
        for (long id = 1; id <= 150; id++)
        {
            var listings = new List<Listing>();
            var soldCount = random.Next(0, 120);
            var price = random.Next(1, 40) * 100_000m;
            for (var i = 0; i < soldCount; i++)
            {
                var advertisers = new List<Advertiser>();
                var roll = random.Next(10);
                advertisers.Add(roll switch
                {
                    0 => TestData.Buyer(id),
                    1 => TestData.CoBuyer(id),
                    2 => TestData.OfType(id, "management"),
                    _ => TestData.Seller(id),
                });
                if (random.Next(5) == 0)
                {
                    advertisers.Add(TestData.CoSeller(9_000 + id));
                }

                if (random.Next(6) == 0)
                {
                    advertisers.Add(TestData.Buyer(id));
                }

                var undisclosed = random.Next(8) == 0;
                var date = TestData.Today.AddDays(-random.Next(0, 900));
                var sale = price + (i * 1000m);
                listings.Add(TestData.SoldWith($"S{id}-{i}", undisclosed ? null : sale, sale + 5_000m, date, [.. advertisers]));
            }

            for (var i = 0; i < random.Next(0, 15); i++)
            {
                // Active listings carrying a previous sale inside the window: never credited as sold.
                listings.Add(new Listing($"A{id}-{i}", Listing.StatusForSale, price * 3, price, TestData.Today.AddDays(-i), TestData.Today.AddDays(-i - 1),
                    "07030", i % 3 == 0, false, [TestData.Seller(id)]));
            }

            var inYear = listings.Where(l => l.IsSold && l.SoldDate >= TestData.Today.AddMonths(-12)).ToList();
            var profile = TestData.Profile(id, inYear.Count, inYear.Count == 0 ? null : inYear.Max(l => l.SoldPrice ?? l.ListPrice),
                listings.Count(l => l.IsActive), listings.Where(l => l.IsActive).Select(l => l.ListPrice).DefaultIfEmpty(null).Max());
            source.AddAgent(profile, "07030", [.. listings]);
            agents.Add(id);
        }

        var plan = new GradingPlan(RunDefaults.DefaultTiers, TestData.Today.AddMonths(-months), TestData.Today, includeActive, selected.Split(','), 19, TestData.Today,
            exclude ? UndisclosedPrice.Exclude : UndisclosedPrice.ListPrice);
        foreach (var id in agents)
        {
            var item = new AgentWorkItem(TestData.Id(id), "07030", null, source.ProfileOf(id));
            var result = await AgentPipeline.GradeAsync(item, plan, source, new FetchContext("r", "x", TestData.Id(id), NullRawRecorder.Instance), default);
            var expected = FullRead(source, id, plan);
            var expectedTier = plan.Grade(expected.SoldVolume + (includeActive ? expected.ActiveVolume : 0m), expected.Sides);
            if (!expected.Readable)
            {
                Assert.False(result.Complete);
                continue;
            }

            Assert.True(result.Complete, $"agent {id}: {result.StopReason}");
            if (result.StopReason == StopReasons.ProfileBound)
            {
                // Graded Unranked by rule; the full read must agree that no tier down to the lowest selected is met.
                var rank = plan.Tiers.ToList().FindIndex(t => t.Name == expectedTier);
                Assert.True(rank < 0 || rank > plan.LowIndex, $"agent {id}: bound skipped a {expectedTier}");
                continue;
            }

            Assert.Equal(expectedTier, result.Tier);
            if (result.StopReason is StopReasons.WindowEnd or StopReasons.EndOfData)
            {
                Assert.Equal(expected.SoldVolume, result.SoldVolume);
                Assert.Equal(expected.Sides, result.SoldSides);
                Assert.Equal(expected.Undisclosed, result.UndisclosedSales);
                Assert.Equal(expected.UnknownSides, result.UnknownSides);
                Assert.Equal(!exclude && expected.Undisclosed > 0, result.VolumeEstimated);
            }
        }
    }

    private sealed record Expected(decimal SoldVolume, decimal Sides, decimal ActiveVolume, int Undisclosed, int UnknownSides, bool Readable);

    private static Expected FullRead(FakeListingSource source, long agent, GradingPlan plan)
    {
        var me = TestData.Id(agent);
        var sold = Pages(source, agent, ListingKind.ForSold);
        var active = Pages(source, agent, ListingKind.ForSale);
        decimal volume = 0, sides = 0, activeVolume = 0;
        int undisclosed = 0, unknown = 0;
        foreach (var l in sold.Where(l => l.Status == "sold" && l.SoldDate >= plan.SoldSince && l.SoldDate <= plan.AsOf).DistinctBy(l => l.ListingId))
        {
            bool Seller(Advertiser a) => a.Type is "seller" or "co_seller";
            bool Buyer(Advertiser a) => a.Type is "buyer" or "co_buyer";
            var share = (l.Advertisers.Any(a => a.FulfillmentId == me && Seller(a)) ? 1m / l.Advertisers.Count(Seller) : 0m)
                + (l.Advertisers.Any(a => a.FulfillmentId == me && Buyer(a)) ? 1m / l.Advertisers.Count(Buyer) : 0m);
            if (share == 0 && l.Advertisers.Any(a => a.FulfillmentId == me))
            {
                unknown++;
            }

            if (share > 0 && l.SoldPrice is null)
            {
                undisclosed++;
            }

            sides += share;
            volume += share * (l.SoldPrice ?? (plan.UndisclosedPrice == UndisclosedPrice.ListPrice ? l.ListPrice ?? 0m : 0m));
        }

        foreach (var l in active)
        {
            activeVolume += l.ListPrice ?? 0m;
        }

        // Readable to the end within maxPages: the window's sales sit on pages <= maxPages, and active ones too.
        var soldNeeded = sold.Count(l => l.SoldDate >= plan.SoldSince);
        var readable = soldNeeded <= plan.MaxPages * source.PageSize && (!plan.IncludeActive || active.Count <= plan.MaxPages * source.PageSize);
        return new(volume, sides, activeVolume, undisclosed, unknown, readable);
    }

    private static List<Listing> Pages(FakeListingSource source, long agent, ListingKind kind)
    {
        var all = new List<Listing>();
        var key = source.ProfileOf(agent).PrimaryListingsKey()!;
        for (var p = 1; p <= 20; p++)
        {
            var page = source.GetListingPageAsync(key, kind, p, all.Count, new FetchContext("r", "o", null, NullRawRecorder.Instance), default).Result;
            all.AddRange(page.Listings);
            if (page.IsLast(all.Select(l => l.ListingId).Distinct().Count()))
            {
                break;
            }
        }

        return all;
    }
}

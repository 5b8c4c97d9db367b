using PropGrade.Core.Audit;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Core.Tests.Fakes;

namespace PropGrade.Core.Tests.Stages;

/// <summary>
/// Random worlds against a brute-force grader that reads every listing: early stopping never changes a tier, and
/// figures are exact whenever the window was read to its end.
/// </summary>
public sealed class AgentPipelineOracleTests
{
    public static TheoryData<int, bool, string, int> Cases => new()
    {
        { 1, false, "A,B,C", 12 },
        { 2, true, "A,B,C", 12 },
        { 3, false, "A", 12 },
        { 4, false, "A,B,C", 24 },
        { 5, true, "C", 6 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task GradeAsync_RandomWorld_MatchesFullReadOracle(int seed, bool includeActive, string selected, int months)
    {
        var random = new Random(seed);
        var source = new FakeListingSource();
        var agents = new List<long>();
        for (long id = 1; id <= 150; id++)
        {
            var fulfillment = id + 1000;
            var listings = new List<Listing>();
            var soldCount = random.Next(0, 120);
            var price = random.Next(1, 40) * 100_000m;
            for (var i = 0; i < soldCount; i++)
            {
                var others = new List<Advertiser>();
                if (random.Next(6) == 0)
                {
                    others.Add(new Advertiser(fulfillment, "me", AdvertiserSide.Buyer));
                }
                else if (random.Next(5) == 0)
                {
                    others.Add(new Advertiser(9, "co", AdvertiserSide.Seller));
                }

                listings.Add(TestData.Sold($"S{id}-{i}", fulfillment, price + (i * 1000m), TestData.Today.AddDays(-random.Next(0, 900)), [.. others]));
            }

            for (var i = 0; i < random.Next(0, 15); i++)
            {
                listings.Add(TestData.Active($"A{id}-{i}", fulfillment, price * 3, TestData.Today.AddDays(-i)));
            }

            var inYear = listings.Where(l => l.IsSold && l.SoldDate >= TestData.Today.AddMonths(-12)).ToList();
            var profile = TestData.Profile(id, inYear.Count, inYear.Count == 0 ? null : inYear.Max(l => l.SoldPrice),
                listings.Count(l => l.IsActive), listings.Where(l => l.IsActive).Select(l => (decimal?)l.ListPrice).DefaultIfEmpty(null).Max());
            source.AddAgent(profile, "07030", [.. listings]);
            agents.Add(id);
        }

        var plan = new GradingPlan(RunDefaults.DefaultTiers, TestData.Today.AddMonths(-months), TestData.Today, includeActive, selected.Split(','), 19, TestData.Today);
        foreach (var id in agents)
        {
            var result = await AgentPipeline.GradeAsync(new AgentWorkItem(id, "07030"), plan, source, new FetchContext("r", "x", id, NullRawRecorder.Instance), default);
            var (soldVolume, sides, activeVolume, readable) = FullRead(source, id + 1000, plan);
            var expectedTier = plan.Grade(soldVolume + (includeActive ? activeVolume : 0m), sides);
            if (!readable)
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
                Assert.Equal(soldVolume, result.SoldVolume);
                Assert.Equal(sides, result.SoldSides);
            }
        }
    }

    private static (decimal SoldVolume, decimal Sides, decimal ActiveVolume, bool Readable) FullRead(FakeListingSource source, long fulfillment, GradingPlan plan)
    {
        var sold = Pages(source, fulfillment, ListingKind.ForSold);
        var active = Pages(source, fulfillment, ListingKind.ForSale);
        decimal volume = 0, sides = 0, activeVolume = 0;
        foreach (var l in sold.Where(l => l.SoldDate >= plan.SoldSince && l.SoldDate <= plan.AsOf))
        {
            var share = (l.Advertisers.Any(a => a.FulfillmentId == fulfillment && a.Side == AdvertiserSide.Seller) ? 1m / l.Advertisers.Count(a => a.Side == AdvertiserSide.Seller) : 0m)
                + (l.Advertisers.Any(a => a.FulfillmentId == fulfillment && a.Side == AdvertiserSide.Buyer) ? 1m / l.Advertisers.Count(a => a.Side == AdvertiserSide.Buyer) : 0m);
            sides += share;
            volume += share * l.SoldPrice!.Value;
        }

        foreach (var l in active)
        {
            activeVolume += l.ListPrice;
        }

        // Readable to the end within maxPages: the window's sales sit on pages <= maxPages, and active ones too.
        var soldNeeded = sold.Count(l => l.SoldDate >= plan.SoldSince);
        var readable = soldNeeded <= plan.MaxPages * 10 && (!plan.IncludeActive || active.Count <= plan.MaxPages * 10);
        return (volume, sides, activeVolume, readable);
    }

    private static List<Listing> Pages(FakeListingSource source, long fulfillment, ListingKind kind)
    {
        var all = new List<Listing>();
        for (var p = 1; p <= 20; p++)
        {
            var page = source.GetListingPageAsync(fulfillment, kind, p, new FetchContext("r", "o", null, NullRawRecorder.Instance), default).Result;
            all.AddRange(page.Listings);
            if (page.IsLast)
            {
                break;
            }
        }

        return all;
    }
}

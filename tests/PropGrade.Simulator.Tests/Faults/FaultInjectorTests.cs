using PropGrade.Simulator.Faults;

namespace PropGrade.Simulator.Tests.Faults;

public sealed class FaultInjectorTests
{
    private const int Draws = 40_000;

    [Theory]
    [InlineData("flaky")]
    [InlineData("hostile")]
    public void Decide_ProfileOverManyRequests_EachFaultNearItsRate(string profile)
    {
        var rates = FaultRates.FromProfile(profile);
        var injector = new FaultInjector(rates, seed: 3);
        var counts = Enum.GetValues<FaultKind>().ToDictionary(k => k, _ => 0);
        for (var i = 0; i < Draws; i++)
        {
            if (injector.Decide($"/agents/get-listings?fulfillment_id={3_000_000 + (i / 4)}&type=forSold&page={1 + (i % 4)}") is { } kind)
            {
                counts[kind]++;
            }
        }

        foreach (var (kind, n) in counts)
        {
            // Within 4.5 binomial standard deviations (plus 3 draws of slack) of the configured rate.
            var p = rates.RateOf(kind);
            var tolerance = (4.5 * Math.Sqrt(Draws * p * (1 - p))) + 3;
            Assert.True(Math.Abs(n - (Draws * p)) <= tolerance, $"{kind}: {n} vs expected {Draws * p:0} +- {tolerance:0}");
            Assert.True(n > 0, $"{kind} never injected");
        }
    }

    [Fact]
    public void Decide_NoneProfile_InjectsNothing()
    {
        var injector = new FaultInjector(FaultRates.None, seed: 3);
        Assert.False(injector.Enabled);
        for (var i = 0; i < Draws; i++)
        {
            Assert.Null(injector.Decide($"/agents/get-profile?advertiser_id={i}"));
        }
    }

    [Fact]
    public void Decide_SameUrlRepeated_IsAFreshDrawEachTimeAndReproducible()
    {
        var rates = FaultRates.None with { Http503 = 0.5 };
        var a = new FaultInjector(rates, seed: 9);
        var b = new FaultInjector(rates, seed: 9);
        var first = Enumerable.Range(0, 64).Select(_ => a.Decide("/agents/get-profile?advertiser_id=1000001")).ToList();
        var second = Enumerable.Range(0, 64).Select(_ => b.Decide("/agents/get-profile?advertiser_id=1000001")).ToList();

        Assert.Equal(first, second);
        Assert.Contains(first, f => f is null);
        Assert.Contains(first, f => f == FaultKind.Http503);
    }

    [Fact]
    public void Decide_OtherFaultSeed_GivesOtherDecisions()
    {
        var rates = FaultRates.None with { Http500 = 0.5 };
        var a = new FaultInjector(rates, seed: 1);
        var b = new FaultInjector(rates, seed: 2);
        var urls = Enumerable.Range(0, 200).Select(i => $"/agents/get-profile?advertiser_id={i}").ToList();
        Assert.NotEqual(urls.Select(u => a.Decide(u, 0)), urls.Select(u => b.Decide(u, 0)));
    }

    [Fact]
    public void Validate_RatesOutOfRangeOrAboveOne_AreReported()
    {
        Assert.Contains((FaultRates.None with { Hang = -0.1 }).Validate(), p => p.Contains("Hang", StringComparison.Ordinal));
        Assert.NotEmpty((FaultRates.Hostile with { Http503 = 0.9 }).Validate());
        Assert.Empty(FaultRates.Hostile.Validate());
        Assert.Throws<ArgumentException>(() => FaultRates.FromProfile("sometimes"));
    }
}

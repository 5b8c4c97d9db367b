using PropGrade.Aws.Cost;

namespace PropGrade.Aws.Tests.Cost;

public sealed class AwsCostModelTests
{
    [Fact]
    public void Estimate_TenThousandAgents_FewWorkersAtTheAimedRateUnderFifteenCents()
    {
        var estimate = AwsCostModel.Estimate(new RunCostInputs(), new AwsPriceList());

        // 30,000 agent calls + ceil(10,000 / 18) = 556 discovery calls at 90 % of 5 req/s, plus 60 µs per agent to aggregate.
        Assert.Equal(30_556 / 4.5 + 0.6, estimate.Duration.TotalSeconds, 1);
        // At 500 ms: discovery needs ceil(1.5 × 4.5 × 0.5) = 4 requests in flight (4 markets at once), grading one worker
        // with 4 agents in flight — not ten children each billed while it waits for its tenth of the rate.
        Assert.Equal((4, 1), (estimate.DiscoveryWorkers!.Workers, estimate.DiscoveryWorkers.InFlight));
        Assert.Equal(1.125, estimate.DiscoveryWorkers.RatePerWorker, 6);
        Assert.Equal((1, 4), (estimate.GradingWorkers!.Workers, estimate.GradingWorkers.InFlight));
        Assert.Equal(4.5, estimate.GradingWorkers.RatePerWorker, 6);
        Assert.Equal(estimate.Lines.Sum(l => l.Dollars), estimate.Total);
        Assert.InRange(estimate.Total, 0.01m, 0.15m);
    }

    [Fact]
    public void Estimate_MillionAgents_SamePricePerAgentAndTheRunsDuration()
    {
        var prices = new AwsPriceList();
        var small = AwsCostModel.Estimate(new RunCostInputs(), prices);
        var large = AwsCostModel.Estimate(new RunCostInputs { Agents = 1_000_000 }, prices);

        Assert.InRange(large.Total / 100, small.Total * 0.9m, small.Total * 1.1m);
        Assert.InRange(large.Duration.TotalHours, 185, 195);
    }

    [Fact]
    public void Estimate_MoreCallsPerAgent_CostsMoreLambdaTime()
    {
        var prices = new AwsPriceList();
        var cheap = AwsCostModel.Estimate(new RunCostInputs { CallsPerAgent = 2 }, prices);
        var dear = AwsCostModel.Estimate(new RunCostInputs { CallsPerAgent = 8 }, prices);

        static decimal Lambda(RunCostEstimate e) => e.Lines.Single(l => l.Service.StartsWith("Lambda compute", StringComparison.Ordinal)).Dollars;
        Assert.True(Lambda(dear) > Lambda(cheap) * 3);
        Assert.True(dear.Duration > cheap.Duration * 3.5);
    }

    [Fact]
    public void WorkerSeconds_MarketsFirstPagesAndInvocationOverhead_AreCountedAsTheHarnessMeasuresThem()
    {
        // 8 markets of one page each: their first pages wait for nothing; 46 grading calls at 7.2 req/s on one worker;
        // 9 invocations of 250 ms fixed work each.
        var seconds = AwsCostModel.WorkerSeconds(discoveryCalls: 8, gradingCalls: 46, discoveryWorkers: 6, gradingWorkers: 1, requestsPerSecond: 8, invocations: 9, markets: 8);

        Assert.Equal((46 / 7.2) + (9 * 0.25), seconds, 6);
        Assert.Equal(((20 - 8) * 6 / 7.2) + (46 / 7.2), AwsCostModel.WorkerSeconds(20, 46, 6, 1, 8, markets: 8), 6);
    }

    [Fact]
    public void Estimate_InvalidInputs_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => AwsCostModel.Estimate(new RunCostInputs { Agents = 0 }, new AwsPriceList()));
    }
}

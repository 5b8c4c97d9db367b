using PropGrade.Aws.Cost;

namespace PropGrade.Aws.Tests.Cost;

public sealed class AwsCostModelTests
{
    [Fact]
    public void Estimate_TenThousandAgents_CountsFromTheRunShape()
    {
        var estimate = AwsCostModel.Estimate(new RunCostInputs(), new AwsPriceList());

        // 400 batches of 25; 30,000 agent calls + 500 discovery calls at 5 req/s = 6,100 s.
        Assert.Equal(TimeSpan.FromSeconds(6100), estimate.Duration);
        var sfn = estimate.Lines.Single(l => l.Service.StartsWith("Step Functions", StringComparison.Ordinal));
        Assert.Equal((6 + 400 * 6) * 0.025m / 1000, sfn.Dollars);
        var lambda = estimate.Lines.Single(l => l.Service.StartsWith("Lambda compute", StringComparison.Ordinal));
        Assert.Equal(6100m * 10 * 0.0000133334m, lambda.Dollars);
        Assert.Equal(estimate.Lines.Sum(l => l.Dollars), estimate.Total);
        Assert.InRange(estimate.Total, 0.5m, 2m);
    }

    [Fact]
    public void Estimate_MoreCallsPerAgent_CostsMoreLambdaTime()
    {
        var prices = new AwsPriceList();
        var cheap = AwsCostModel.Estimate(new RunCostInputs { CallsPerAgent = 2 }, prices);
        var dear = AwsCostModel.Estimate(new RunCostInputs { CallsPerAgent = 8 }, prices);

        Assert.True(dear.Total > cheap.Total * 3);
        Assert.Equal(cheap.Lines[0].Dollars, dear.Lines[0].Dollars);
    }

    [Fact]
    public void Estimate_InvalidInputs_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => AwsCostModel.Estimate(new RunCostInputs { Agents = 0 }, new AwsPriceList()));
    }
}

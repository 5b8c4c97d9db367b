using PropGrade.ListingApi.Probe;

namespace PropGrade.ListingApi.Tests.Probe;

public sealed class ProbeBudgetTests
{
    [Fact]
    public void For_Defaults_IsEightCallsAndTenRequests()
    {
        var budget = ProbeBudget.For(new ProbeOptions());

        Assert.Equal((2, 2, 1, 3, 0), (budget.DiscoveryPages, budget.ListingPages, budget.ProfileCalls, budget.V2Calls, budget.AuditPages));
        Assert.Equal(8, budget.Calls);
        Assert.Equal(10, budget.Requests);
        Assert.StartsWith("probe will make at most 8 calls: 2 discovery pages (offsets 0, 20), 1 agent x (1 forSold page + 1 forSale page), 1 get-profile, 3 v2 checks", budget.Describe(), StringComparison.Ordinal);
        Assert.Contains("at most 10 requests", budget.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void For_AuditBound20_AddsTwentyPagesPerAgentLessTheFirstPageAlreadyRead()
    {
        var budget = ProbeBudget.For(new ProbeOptions { AuditBound = 20 });

        Assert.Equal(399, budget.AuditPages);
        Assert.Equal(407, budget.Calls);
        Assert.Contains("--audit-bound 20 audit: up to 399 forSold pages (20 agents x up to 20 pages, less the 1 first page already read)", budget.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void For_ManyAgents_ReadsEnoughDiscoveryPagesWithOneToSpare()
    {
        var budget = ProbeBudget.For(new ProbeOptions { Agents = 3, AuditBound = 50 });

        Assert.Equal(4, budget.DiscoveryPages);
        Assert.Equal(6, budget.ListingPages);
        Assert.Equal((50 * 20) - 3, budget.AuditPages);
    }

    [Fact]
    public void Problems_BadSettings_AreAllNamed()
    {
        var problems = new ProbeOptions { Market = "123", Agents = 0, AuditBound = 101, TransientRetries = -1, RequestsPerSecond = 0 }.Problems();

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Contains("Market '123'", StringComparison.Ordinal));
    }
}

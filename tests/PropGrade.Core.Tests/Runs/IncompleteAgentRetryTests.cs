using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Runs;

public sealed class IncompleteAgentRetryTests
{
    private static AgentResult Result(bool complete, string reason) =>
        new("1", "A", null, "78701", "Unranked", null, 0m, 0m, 0m, 0m, complete, false, reason, 1, 1);

    [Theory]
    [InlineData("http_500")]
    [InlineData("http_502")]
    [InlineData("http_503")]
    [InlineData("http_504")]
    [InlineData("http_429")]
    [InlineData("http_403_bot")]
    [InlineData("timeout")]
    [InlineData("reset")]
    [InlineData("malformed_body")]
    [InlineData("truncated_body")]
    [InlineData("html_body")]
    [InlineData("empty_page")]
    [InlineData("circuit_open")]
    [InlineData("batch_failed:Sandbox.Timedout")]
    [InlineData(StopReasons.NotGraded)]
    public void ShouldRegrade_IncompleteForAnApiFailure_True(string reason) =>
        Assert.True(IncompleteAgentRetry.ShouldRegrade(Result(complete: false, reason)));

    [Theory]
    [InlineData(StopReasons.NoMlsId)]
    [InlineData(StopReasons.DepthCap)]
    [InlineData(StopReasons.NoRawData)]
    [InlineData("raw_integrity")]
    [InlineData("http_404")]
    [InlineData("http_400")]
    [InlineData("")]
    public void ShouldRegrade_IncompleteForGood_False(string reason) =>
        Assert.False(IncompleteAgentRetry.ShouldRegrade(Result(complete: false, reason)));

    [Theory]
    [InlineData(StopReasons.TierSettled)]
    [InlineData(StopReasons.WindowEnd)]
    [InlineData(StopReasons.EndOfData)]
    [InlineData(StopReasons.ProfileBound)]
    public void ShouldRegrade_Complete_False(string reason) =>
        Assert.False(IncompleteAgentRetry.ShouldRegrade(Result(complete: true, reason)));
}

using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Exports;

public sealed class RunWarningsTests
{
    private static AgentResult Result(string id, bool unordered = false, params string[] unknownTypes) =>
        new(id, "n", null, "07030", "C", null, 1m, 1m, 0m, 0m, true, false, StopReasons.EndOfData, 1, 1,
            UnknownSides: unknownTypes.Length, UnknownTypes: unknownTypes, UnorderedPages: unordered);

    [Fact]
    public void From_MarketsAndAgents_OneWarningPerMarketProblemAgentAndType()
    {
        MarketReport[] markets =
        [
            new("07030", 70, 40, true, 30, null),
            new("90210", null, 0, false, 0, "http_503"),
            new("10001", 0, 0, false, 0, null),
            new("60601", 12, 12, false, 0, null),
        ];
        AgentResult[] results = [Result("20", unordered: true), Result("3", false, "management", "referral"), Result("100", true, "management")];

        var warnings = RunWarnings.From(markets, results);

        Assert.Equal(
            [RunWarningCodes.MarketTruncated, RunWarningCodes.MarketFailed, RunWarningCodes.MarketEmpty, RunWarningCodes.UnorderedPages,
             RunWarningCodes.UnorderedPages, RunWarningCodes.UnknownAdvertiserType, RunWarningCodes.UnknownAdvertiserType],
            warnings.Select(w => w.Code));
        Assert.Contains("30 agents were not reached", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("http_503", warnings[1].Message, StringComparison.Ordinal);
        Assert.StartsWith("Agent 20:", warnings[3].Message, StringComparison.Ordinal);
        Assert.StartsWith("Agent 100:", warnings[4].Message, StringComparison.Ordinal);
        Assert.Contains("'management'", warnings[5].Message, StringComparison.Ordinal);
        Assert.Contains("2 agents (3, 100)", warnings[5].Message, StringComparison.Ordinal);
        Assert.Contains("'referral'", warnings[6].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_NothingWrong_NoWarnings()
    {
        Assert.Empty(RunWarnings.From([new MarketReport("07030", 3, 3, false, 0, null)], [Result("1")]));
    }
}

using PropGrade.Core.Agents;

namespace PropGrade.Core.Tests.Agents;

public sealed class AgentQueryParserTests
{
    private static (AgentQuery? Query, IReadOnlyList<PropGrade.Core.Runs.FieldError> Errors) Parse(params (string Key, string Value)[] pairs) =>
        AgentQueryParser.Parse(pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    [Fact]
    public void Parse_Nothing_GivesTheExportOrderFirstPage()
    {
        var (query, errors) = Parse();

        Assert.Empty(errors);
        Assert.Equal(new AgentQuery(), query);
        Assert.Equal((AgentSortKeys.Default, false, 1, AgentQueryParser.DefaultPageSize), (query!.Sort, query.Descending, query.Page, query.PageSize));
    }

    [Fact]
    public void Parse_EveryParameter_ReadsEach()
    {
        var (query, errors) = Parse(("tier", "B"), ("market", "07030"), ("movement", "up"), ("incomplete", "true"), ("q", "  Smith "),
            ("sort", "-soldVolume"), ("page", "3"), ("pageSize", "200"));

        Assert.Empty(errors);
        Assert.Equal(new AgentQuery("B", "07030", "up", true, "Smith", "soldVolume", true, 3, 200), query);
        Assert.Equal(400, query!.Offset);
    }

    [Fact]
    public void Parse_BlankValues_AreLikeAbsentOnes()
    {
        var (query, errors) = Parse(("tier", ""), ("q", "   "), ("sort", ""));

        Assert.Empty(errors);
        Assert.Equal(new AgentQuery(), query);
    }

    [Fact]
    public void Parse_EveryBadValue_IsNamedInOneAnswer()
    {
        var (query, errors) = Parse(("market", "7030"), ("movement", "sideways"), ("incomplete", "yes"), ("q", new string('x', 101)),
            ("sort", "-salary"), ("page", "0"), ("pageSize", "201"), ("tiers", "A"));

        Assert.Null(query);
        Assert.Equal(["tiers", "market", "movement", "incomplete", "q", "sort", "page", "pageSize"], errors.Select(e => e.Field));
        Assert.Contains("'7030'", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("1 to 200", errors[^1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("down")]
    public void Parse_Movements_IncludeNoneForRowsComparedWithNothing(string movement)
    {
        Assert.Equal(movement, Parse(("movement", movement)).Query!.Movement);
    }

    [Fact]
    public void SortKeys_CoverEveryShownColumn()
    {
        foreach (var key in new[] { "name", "office", "city", "market", "tier", "soldVolume", "soldSides", "activeVolume", "activeCount", "movement", "complete", "stopReason", "pagesFetched", "advertiserId" })
        {
            Assert.True(AgentSortKeys.IsKnown(key), key);
        }
    }
}

using System.Text;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Runs;

public sealed class RunRequestParserTests
{
    private static readonly RunDefaults Defaults = new(new DateOnly(2026, 11, 23), ["07030", "90210"]);

    private static RunRequestParseResult Parse(string json) => RunRequestParser.Parse(Encoding.UTF8.GetBytes(json), Defaults);

    [Fact]
    public void Parse_EmptyObject_TakesEveryDefault()
    {
        var result = Parse("{}");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var request = result.Request!;
        Assert.Equal(["A", "B", "C"], request.Tiers.Select(t => t.Name));
        Assert.Equal(40_000_000m, request.Tiers[0].MinVolume);
        Assert.Equal(40m, request.Tiers[1].MinSides);
        Assert.Equal(new DateOnly(2025, 11, 23), request.SoldSince);
        Assert.Equal(new DateOnly(2026, 11, 23), request.AsOf);
        Assert.False(request.IncludeActive);
        Assert.Equal(["A", "B", "C"], request.SelectedTiers);
        Assert.Equal(["07030", "90210"], request.Markets!);
        Assert.Null(request.Roster);
        Assert.Equal(19, request.MaxPages);
    }

    [Fact]
    public void Parse_ContractExample_IsValid()
    {
        const string json = """
            {"tiers":[{"name":"A","minVolume":40000000},{"name":"B","minVolume":16000000,"minSides":40},{"name":"C","minVolume":5000000,"minSides":12}],
             "soldSince":"2025-11-23","asOf":"2026-11-23","includeActive":false,"selectedTiers":["A","B","C"],
             "markets":["07030","90210"],"roster":null,"maxPages":19}
            """;

        var result = Parse(json);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(["07030", "90210"], result.Request!.Markets!);
    }

    [Fact]
    public void Parse_ManyViolations_ReportsEveryOneByField()
    {
        const string json = """
            {"tiers":[{"name":"A","minVolume":1000},{"name":"A","minVolume":-5,"minSides":2},{"name":"C"}],
             "soldSince":"2026-12-01","asOf":"2027-01-01","selectedTiers":["Z"],
             "markets":["0703"],"roster":[1],"maxPages":21,"colour":"red"}
            """;

        var fields = Parse(json).Errors.Select(e => e.Field).ToList();

        Assert.Contains("colour", fields);
        Assert.Contains("tiers[1].name", fields);
        Assert.Contains("tiers[1].minVolume", fields);
        Assert.Contains("tiers[2]", fields);
        Assert.Contains("asOf", fields);
        Assert.Contains("selectedTiers[0]", fields);
        Assert.Contains("markets[0]", fields);
        Assert.Contains("roster", fields);
        Assert.Contains("maxPages", fields);
    }

    [Fact]
    public void Parse_WrongTypes_NamesTheFieldAndDoesNotThrow()
    {
        var result = Parse("""{"tiers":[{"name":"A","minVolume":"lots","extra":1}],"soldSince":"23/11/2025","includeActive":"yes","maxPages":2.5}""");

        var fields = result.Errors.Select(e => e.Field).ToList();
        Assert.Null(result.Request);
        Assert.Contains("tiers[0].minVolume", fields);
        Assert.Contains("tiers[0].extra", fields);
        Assert.Contains("soldSince", fields);
        Assert.Contains("includeActive", fields);
        Assert.Contains("maxPages", fields);
    }

    [Fact]
    public void Parse_NotJson_ReportsRoot()
    {
        var result = Parse("{\"tiers\": [");

        Assert.Equal("$", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Parse_TiersNotDescending_ReportsTheLowerTier()
    {
        var result = Parse("""{"tiers":[{"name":"A","minVolume":100},{"name":"B","minVolume":200}]}""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("tiers[1]", error.Field);
    }

    [Fact]
    public void Parse_RosterWithoutMarkets_UsesRosterOnly()
    {
        var result = Parse("""{"roster":[5,6,5]}""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Null(result.Request!.Markets);
        Assert.Equal([5L, 6L, 5L], result.Request.Roster!);
    }

    [Fact]
    public void Parse_WindowLongerThanTenYears_IsRejected()
    {
        var result = Parse("""{"soldSince":"2015-01-01","asOf":"2026-01-01"}""");

        Assert.Equal("soldSince", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Parse_SoldSinceOnly_DefaultsAsOfToToday()
    {
        var result = Parse("""{"soldSince":"2026-01-01"}""");

        Assert.True(result.IsValid);
        Assert.Equal(Defaults.Today, result.Request!.AsOf);
    }
}

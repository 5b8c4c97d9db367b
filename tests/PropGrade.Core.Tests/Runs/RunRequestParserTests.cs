using System.Text;
using PropGrade.Core.Listings;
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
    public void Parse_RosterWithoutMarkets_UsesRosterRowsWithNumberOrStringIds()
    {
        var result = Parse("""{"roster":[{"advertiserId":2210987,"nrdsId":"512004417"},{"advertiserId":"100732851","nrdsId":512004418}]}""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Null(result.Request!.Markets);
        Assert.Equal([new RosterEntry("2210987", "512004417"), new RosterEntry("100732851", "512004418")], result.Request.Roster!);
    }

    [Fact]
    public void Parse_RosterRowsWithProblems_NamesEveryRow()
    {
        var result = Parse("""{"roster":[{"advertiserId":"1"},{"nrdsId":"n"},7,{"advertiserId":"3","nrdsId":"n3","name":"x"},{"advertiserId":"4","nrdsId":true},{"advertiserId":"1","nrdsId":"n1"}]}""");

        var fields = result.Errors.Select(e => e.Field).ToList();
        Assert.Null(result.Request);
        Assert.Contains("roster[0].nrdsId", fields);
        Assert.Contains("roster[1].advertiserId", fields);
        Assert.Contains("roster[2]", fields);
        Assert.Contains("roster[3].name", fields);
        Assert.Contains("roster[4].nrdsId", fields);
        Assert.Contains("roster[5].advertiserId", fields);
        Assert.Contains("NRDS", result.Errors.First(e => e.Field == "roster[0].nrdsId").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("listPrice", UndisclosedPrice.ListPrice)]
    [InlineData("exclude", UndisclosedPrice.Exclude)]
    public void Parse_UndisclosedPrice_ReadsTheWireName(string name, UndisclosedPrice expected)
    {
        var result = Parse($$"""{"undisclosedPrice":"{{name}}"}""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(expected, result.Request!.UndisclosedPrice);
    }

    [Theory]
    [InlineData("\"ListPrice\"")]
    [InlineData("\"zero\"")]
    [InlineData("1")]
    public void Parse_UnknownUndisclosedPrice_NamesTheField(string value)
    {
        var result = Parse($$"""{"undisclosedPrice":{{value}},"maxPages":0}""");

        Assert.Equal(["maxPages", "undisclosedPrice"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains("'listPrice', 'exclude'", result.Errors.Single(e => e.Field == "undisclosedPrice").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UndisclosedPriceOmitted_DefaultsToListPrice()
    {
        Assert.Equal(UndisclosedPrice.ListPrice, Parse("{}").Request!.UndisclosedPrice);
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

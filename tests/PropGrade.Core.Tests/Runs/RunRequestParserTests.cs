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

    [Theory]
    [InlineData("""{"asOf":"0001-01-01"}""")]
    [InlineData("""{"asOf":"0001-01-01","soldSince":"0001-01-01"}""")]
    [InlineData("""{"soldSince":"0001-01-01"}""")]
    [InlineData("""{"asOf":"9999-12-31"}""")]
    public void Parse_DatesAtTheEdgesOfTheCalendar_AreReportedNotThrown(string json)
    {
        var result = Parse(json);

        Assert.Null(result.Request);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Parse_AsOfYearOne_SaysNotBefore2000()
    {
        var result = Parse("""{"asOf":"0001-01-01"}""");

        var error = Assert.Single(result.Errors, e => e.Field == "asOf");
        Assert.Contains("2000-01-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TenThousandCopiesOfOneZip_AreDeduplicatedKeepingOrder()
    {
        var markets = string.Join(",", Enumerable.Repeat("\"90210\"", 10_000).Prepend("\"07030\"").Append("\"07030\"").Append("\"10001\""));

        var result = Parse($$"""{"markets":[{{markets}}]}""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(["07030", "90210", "10001"], result.Request!.Markets!);
    }

    [Fact]
    public void Parse_IdenticalRosterRows_AreKeptOnce()
    {
        var result = Parse("""{"roster":[{"advertiserId":"7","nrdsId":"n7"},{"advertiserId":7,"nrdsId":"n7"},{"advertiserId":"8","nrdsId":"n8"}]}""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal([new RosterEntry("7", "n7"), new RosterEntry("8", "n8")], result.Request!.Roster!);
    }

    [Fact]
    public void Parse_BadZipAmongDuplicates_IsNamedAtItsPositionAsSent()
    {
        var result = Parse("""{"markets":["07030","07030","0703"]}""");

        Assert.Equal("markets[2]", Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData("{\"tiers\":[{\"name\":\"A\\ud800\",\"minVolume\":1}]}", "tiers[0].name")]
    [InlineData("{\"tiers\":[{\"name\":\"A\",\"minVolume\":1},{\"name\":\"\\udfff\",\"minVolume\":0}]}", "tiers[1].name")]
    [InlineData("{\"selectedTiers\":[\"A\",\"\\ud83c\"]}", "selectedTiers[1]")]
    [InlineData("{\"markets\":[\"\\udc00\"]}", "markets[0]")]
    [InlineData("{\"\\ud800x\":1}", "$")]
    public void Parse_LoneSurrogateEscape_NamesTheFieldAndDoesNotThrow(string json, string field)
    {
        var result = Parse(json);

        Assert.Null(result.Request);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LoneSurrogateInAJsonElement_DoesNotThrow()
    {
        using var document = System.Text.Json.JsonDocument.Parse("{\"tiers\":[{\"name\":\"\\ud800\",\"minVolume\":1}]}");

        var result = RunRequestParser.Parse(document.RootElement, Defaults);

        Assert.Equal("tiers[0].name", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Parse_NotUtf8_SaysWhereAndDoesNotThrow()
    {
        byte[] body = [.. "{\n  \"markets\": [\"0703"u8, 0xE9, .. "\"]\n}"u8];

        var result = RunRequestParser.Parse(body, Defaults);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Field);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2, column 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedJson_SaysLineAndColumnCountedFromOne()
    {
        var result = Parse("{\n  \"maxPages\": 3,\n  \"markets\": [\"07030\",]\n}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Field);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Utf8ByteOrderMark_IsSkipped()
    {
        var result = RunRequestParser.Parse([0xEF, 0xBB, 0xBF, .. "{\"maxPages\":3}"u8], Defaults);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(3, result.Request!.MaxPages);
    }

    [Theory]
    [InlineData("""{"tiers":[{"name":"A","name":"B","minVolume":1}]}""", "tiers[0].name")]
    [InlineData("""{"roster":[{"advertiserId":"1","advertiserId":"2","nrdsId":"n"}]}""", "roster[0].advertiserId")]
    [InlineData("""{"maxPages":3,"maxPages":4}""", "maxPages")]
    public void Parse_FieldGivenTwice_IsReported(string json, string field)
    {
        var result = Parse(json);

        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains("given twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ThresholdTooLargeForAnyNumber_SaysSo()
    {
        var result = Parse("""{"tiers":[{"name":"A","minVolume":1e400}]}""");

        var error = Assert.Single(result.Errors, e => e.Field == "tiers[0].minVolume");
        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeeplyNestedBody_IsReportedNotThrown()
    {
        var json = "{\"tiers\":" + new string('[', 5000) + new string(']', 5000) + "}";

        var result = Parse(json);

        Assert.Equal("$", Assert.Single(result.Errors).Field);
    }
}

using System.Text;
using System.Text.Json;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Runs;

/// <summary>The revision-2 request fields (<c>name</c>, <c>rollingMonths</c>) and messages that name the bad value.</summary>
public sealed class RunRequestRevision2Tests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly RunDefaults Defaults = new(Today, ["07030", "90210"]);

    private static RunRequestParseResult Parse(string json) => RunRequestParser.Parse(Encoding.UTF8.GetBytes(json), Defaults);

    private static string Message(RunRequestParseResult result, string field) =>
        Assert.Single(result.Errors, e => e.Field == field).Message;

    [Fact]
    public void Parse_NameAndRollingMonths_WindowIsTheMonthsBeforeToday()
    {
        var result = Parse("""{"name": "  Q4 2026 Texas ", "rollingMonths": 3}""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var request = result.Request!;
        Assert.Equal("Q4 2026 Texas", request.Name);
        Assert.Equal(3, request.RollingMonths);
        Assert.Equal((new DateOnly(2026, 8, 23), Today), (request.SoldSince, request.AsOf));
    }

    [Fact]
    public void Parse_BlankName_IsNoName()
    {
        Assert.Null(Parse("""{"name": "   "}""").Request!.Name);
        Assert.Null(Parse("""{"name": null}""").Request!.Name);
    }

    [Theory]
    [InlineData("""{"rollingMonths": 12, "soldSince": "2025-01-01"}""", new[] { "rollingMonths", "soldSince" })]
    [InlineData("""{"rollingMonths": 12, "asOf": "2026-01-01"}""", new[] { "rollingMonths", "asOf" })]
    [InlineData("""{"rollingMonths": 12, "soldSince": "2025-01-01", "asOf": "2026-01-01"}""", new[] { "rollingMonths", "soldSince", "asOf" })]
    public void Parse_RollingAndFixedDates_AnErrorOnEachFieldNamingTheOther(string json, string[] fields)
    {
        var result = Parse(json);

        Assert.False(result.IsValid);
        Assert.Equal(fields.Order(), result.Errors.Select(e => e.Field).Order());
        Assert.Contains("soldSince", Message(result, "rollingMonths").Replace("asOf", "soldSince", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("rollingMonths 12", Message(result, fields[1]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(121)]
    [InlineData(-3)]
    public void Parse_RollingMonthsOutOfRange_EchoesTheValue(int months)
    {
        var result = Parse($$"""{"rollingMonths": {{months}}}""");

        Assert.Equal($"rollingMonths {months} must be between 1 and 120 (months before the API's today).", Message(result, "rollingMonths"));
    }

    [Fact]
    public void Parse_RollingMonthsNotANumber_EchoesIt()
    {
        Assert.Equal("rollingMonths \"twelve\" is not a whole number.", Message(Parse("""{"rollingMonths": "twelve"}"""), "rollingMonths"));
    }

    [Theory]
    [InlineData("\"x\"", null)]
    [InlineData("\"Bell\\u0007\"", "U+0007")]
    [InlineData("\"Line\\nBreak\"", "U+000A")]
    [InlineData("\"zero\\u200Bwidth\"", "U+200B")]
    [InlineData("\"lone\\uD800\"", "lone UTF-16 surrogate")]
    public void Parse_Name_OnlyPrintableCharacters(string name, string? bad)
    {
        var result = Parse($$"""{"name": {{name}}}""");

        if (bad is null)
        {
            Assert.True(result.IsValid);
        }
        else
        {
            Assert.Contains(bad, Message(result, "name"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_NameOf81Characters_IsRefusedWithItsLength()
    {
        Assert.True(Parse($$"""{"name": "{{new string('n', 80)}}"}""").IsValid);

        Assert.Contains("is 81 characters long; at most 80.", Message(Parse($$"""{"name": "{{new string('n', 81)}}"}"""), "name"), StringComparison.Ordinal);
        Assert.StartsWith("name must be a string (got number 5)", Message(Parse("""{"name": 5}"""), "name"), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TierErrors_NameTheTierAndEchoTheValue()
    {
        var result = Parse("""
            {"tiers":[{"name":"A","minVolume":40000000},{"name":"B","minVolume":-5,"minSides":"forty"},{"name":"C","minVolume":50000000}],
             "selectedTiers":["A","Q"], "maxPages": 25, "asOf": "2030-01-01", "soldSince": "2031-01-01"}
            """);

        Assert.Equal("tier B: minSides \"forty\" is not a number.", Message(result, "tiers[1].minSides"));
        Assert.Equal("tier B: minVolume -5 must be ≥ 0.", Message(result, "tiers[1].minVolume"));
        Assert.Contains("tier C: tiers must be strictly descending, highest first: tier B ($-5 volume) is no harder", Message(result, "tiers[2]"), StringComparison.Ordinal);
        Assert.Equal("'Q' is not the name of a tier (the tiers are A, B, C).", Message(result, "selectedTiers[1]"));
        Assert.Equal("maxPages 25 must be between 1 and 20.", Message(result, "maxPages"));
        Assert.Equal("asOf 2030-01-01 must not be in the future (the API's today is 2026-11-23).", Message(result, "asOf"));
        Assert.Equal("soldSince 2031-01-01 must not be after asOf 2030-01-01.", Message(result, "soldSince"));
    }

    [Fact]
    public void Parse_UnnamedTier_IsNamedByItsPosition()
    {
        var result = Parse("""{"tiers":[{"name":"A","minVolume":1},{"minSides":-1}], "selectedTiers":["A"]}""");

        Assert.Equal("tier 2: the name must not be empty.", Message(result, "tiers[1].name"));
        Assert.Equal("tier 2: minSides -1 must be ≥ 0.", Message(result, "tiers[1].minSides"));
    }

    [Fact]
    public void Parse_LoneSurrogateInATierName_IsAFieldErrorNotACrash()
    {
        var result = Parse("""{"tiers":[{"name":"A\uD800","minVolume":1}], "selectedTiers":["A"]}""");

        Assert.Contains("holds a lone UTF-16 surrogate", Message(result, "tiers[0].name"), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadDate_EchoesIt()
    {
        Assert.Equal("soldSince \"2026-13-01\" is not a date written yyyy-MM-dd.", Message(Parse("""{"soldSince":"2026-13-01"}"""), "soldSince"));
    }

    [Fact]
    public void Parse_JsonSyntaxError_SaysLineColumnAndWhatWasExpected()
    {
        var result = Parse("{\n  \"name\": \"x\",\n  \"maxPages\": 19,\n}");

        var message = Message(result, "$");
        Assert.StartsWith("not valid JSON at line 4, column 1: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowAt_Rolling_EndsAtTheGivenDay_FixedKeepsItsDates()
    {
        var rolling = Defaults.CreateDefaultRequest() with { RollingMonths = 12 };
        var fixedRequest = Defaults.CreateDefaultRequest();

        Assert.Equal((new DateOnly(2026, 2, 28), new DateOnly(2027, 2, 28)), rolling.WindowAt(new DateOnly(2027, 2, 28)));
        Assert.Equal((fixedRequest.SoldSince, fixedRequest.AsOf), fixedRequest.WindowAt(new DateOnly(2027, 2, 28)));
        var plan = GradingPlan.From(rolling, new DateOnly(2027, 5, 23));
        Assert.Equal((new DateOnly(2026, 5, 23), new DateOnly(2027, 5, 23)), (plan.SoldSince, plan.AsOf));
        Assert.Same(fixedRequest, fixedRequest.ResolvedAt(new DateOnly(2027, 5, 23)));
        Assert.Equal(new DateOnly(2027, 5, 23), rolling.ResolvedAt(new DateOnly(2027, 5, 23)).AsOf);
    }

    [Fact]
    public void CreateScheduledRequest_IsARollingTwelveMonthWindowNamedAfterTheQuarter()
    {
        var request = Defaults.CreateScheduledRequest();

        Assert.Equal(12, request.RollingMonths);
        Assert.Equal("Quarterly 2026 Q4", request.Name);
        Assert.Empty(RunRequestValidator.Validate(request, Today));
        Assert.Equal("Quarterly 2027 Q1", new RunDefaults(new DateOnly(2027, 3, 31), ["07030"]).CreateScheduledRequest().Name);
    }

    [Fact]
    public void StoredRequest_RoundTripsNameAndRollingMonths()
    {
        var request = Defaults.CreateDefaultRequest() with { Name = "Q4", RollingMonths = 6 };

        var json = JsonSerializer.Serialize(request, CoreJsonContext.Default.RunRequest);
        var back = JsonSerializer.Deserialize(json, CoreJsonContext.Default.RunRequest)!;

        Assert.Equal(("Q4", 6), (back.Name, back.RollingMonths));
        Assert.Equal(UndisclosedPrice.ListPrice, JsonSerializer.Deserialize("""{"tiers":[],"soldSince":"2025-01-01","asOf":"2026-01-01","includeActive":false,"selectedTiers":[],"markets":null,"roster":null,"maxPages":19}""", CoreJsonContext.Default.RunRequest)!.UndisclosedPrice);
    }
}

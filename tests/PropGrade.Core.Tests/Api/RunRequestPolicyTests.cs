using System.Text;
using System.Text.Json;
using PropGrade.Core.Api;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Api;

/// <summary>The runs API with the real parser: the validation rules of contracts/runs-api.md, end to end through HTTP semantics.</summary>
public sealed class RunRequestPolicyTests
{
    private const string Token = "t";
    private static readonly RunDefaults Defaults = new(new DateOnly(2026, 11, 23), ["07030", "90210"]);

    private readonly FakeLauncher _launcher = new();
    private readonly RunsApi _api;

    public RunRequestPolicyTests()
    {
        var policy = new RunRequestPolicy(_ => Task.FromResult(Defaults));
        _api = new RunsApi(new BearerTokenAuthenticator(Token), policy, _launcher, new InMemoryRunStore(), new InMemoryExportStore(), policy);
    }

    private async Task<(int Status, List<string> Fields)> PostAsync(string body)
    {
        var response = await _api.HandleAsync(
            ApiRequest.Create("POST", "/runs", headers: [new("Authorization", "Bearer " + Token)], body: Encoding.UTF8.GetBytes(body)),
            CancellationToken.None);
        var json = JsonDocument.Parse(response.Body).RootElement;
        var fields = json.TryGetProperty("errors", out var errors)
            ? errors.EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToList()
            : [];
        return (response.StatusCode, fields);
    }

    [Fact]
    public async Task PostRuns_EmptyObject_TakesDefaultsAndLaunches()
    {
        var (status, fields) = await PostAsync("{}");

        Assert.Equal(202, status);
        Assert.Empty(fields);
        var request = Assert.Single(_launcher.Launched).Request;
        Assert.Equal(["07030", "90210"], request.Markets);
        Assert.Equal(new DateOnly(2026, 11, 23), request.AsOf);
        Assert.Equal(19, request.MaxPages);
    }

    [Fact]
    public async Task PostRuns_ContractExample_LaunchesExactlyThatRequest()
    {
        var (status, _) = await PostAsync("""
            {"tiers":[{"name":"A","minVolume":40000000},{"name":"B","minVolume":16000000,"minSides":40},{"name":"C","minVolume":5000000,"minSides":12}],
             "soldSince":"2025-11-23","asOf":"2026-11-23","includeActive":true,"selectedTiers":["A","B"],"markets":["07030"],"roster":null,"maxPages":7}
            """);

        Assert.Equal(202, status);
        var request = Assert.Single(_launcher.Launched).Request;
        Assert.Equal(["A", "B"], request.SelectedTiers);
        Assert.True(request.IncludeActive);
        Assert.Equal(7, request.MaxPages);
        Assert.Equal(40m, request.Tiers[1].MinSides);
        Assert.Null(request.Roster);
    }

    [Theory]
    [InlineData("""{"tiers":[]}""", "tiers")]
    [InlineData("""{"tiers":[{"name":"","minVolume":1}],"selectedTiers":[""]}""", "tiers[0].name")]
    [InlineData("""{"tiers":[{"name":"A","minVolume":5},{"name":"A","minVolume":1}]}""", "tiers[1].name")]
    [InlineData("""{"tiers":[{"name":"A"}]}""", "tiers[0]")]
    [InlineData("""{"tiers":[{"name":"A","minVolume":-1}]}""", "tiers[0].minVolume")]
    [InlineData("""{"tiers":[{"name":"A","minSides":-1}]}""", "tiers[0].minSides")]
    [InlineData("""{"tiers":[{"name":"A","minVolume":1},{"name":"B","minVolume":2}]}""", "tiers[1]")]
    [InlineData("""{"soldSince":"2026-11-24","asOf":"2026-11-23"}""", "soldSince")]
    [InlineData("""{"soldSince":"2016-11-22","asOf":"2026-11-23"}""", "soldSince")]
    [InlineData("""{"asOf":"2026-11-24"}""", "asOf")]
    [InlineData("""{"selectedTiers":[]}""", "selectedTiers")]
    [InlineData("""{"selectedTiers":["Z"]}""", "selectedTiers[0]")]
    [InlineData("""{"maxPages":0}""", "maxPages")]
    [InlineData("""{"maxPages":21}""", "maxPages")]
    [InlineData("""{"markets":["0703"]}""", "markets[0]")]
    [InlineData("""{"markets":["07030"],"roster":[1]}""", "roster")]
    [InlineData("""{"roster":[{"advertiserId":2210987}]}""", "roster[0].nrdsId")]
    [InlineData("""{"roster":[2210987]}""", "roster[0]")]
    [InlineData("""{"roster":[{"advertiserId":"1","nrdsId":"2","extra":3}]}""", "roster[0].extra")]
    [InlineData("""{"undisclosedPrice":"median"}""", "undisclosedPrice")]
    [InlineData("""{"undisclosedPrice":null,"maxPages":0}""", "maxPages")]
    [InlineData("""{"colour":"red"}""", "colour")]
    [InlineData("""not json""", "$")]
    public async Task PostRuns_RuleViolated_Returns400NamingTheFieldAndStartsNothing(string body, string field)
    {
        var (status, fields) = await PostAsync(body);

        Assert.Equal(400, status);
        Assert.Contains(field, fields);
        Assert.Empty(_launcher.Launched);
    }

    [Fact]
    public async Task PostRuns_SeveralViolations_ReportsEveryOneInOneResponse()
    {
        var (status, fields) = await PostAsync("""{"tiers":[{"name":"A","minVolume":-5}],"maxPages":99,"markets":["x"],"asOf":"2030-01-01"}""");

        Assert.Equal(400, status);
        Assert.Contains("tiers[0].minVolume", fields);
        Assert.Contains("maxPages", fields);
        Assert.Contains("markets[0]", fields);
        Assert.Contains("asOf", fields);
    }

    [Fact]
    public async Task PostRuns_RosterRowsAndUndisclosedPrice_AreLaunchedAsGiven()
    {
        var (status, _) = await PostAsync("""{"roster":[{"advertiserId":2210987,"nrdsId":"512004417"}],"undisclosedPrice":"exclude"}""");

        Assert.Equal(202, status);
        var (request, _) = Assert.Single(_launcher.Launched);
        Assert.Equal([new Core.Listings.RosterEntry("2210987", "512004417")], request.Roster!);
        Assert.Equal(UndisclosedPrice.Exclude, request.UndisclosedPrice);
    }

    [Fact]
    public async Task GetDefaultRequestAsync_ReturnsDefaultsRequest()
    {
        var policy = new RunRequestPolicy(_ => Task.FromResult(Defaults));

        var request = await policy.GetDefaultRequestAsync(CancellationToken.None);

        Assert.Equal(["A", "B", "C"], request.SelectedTiers);
        Assert.Equal(Defaults.Markets, request.Markets);
        Assert.Equal(Defaults.Today, request.AsOf);
    }
}

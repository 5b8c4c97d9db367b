using System.Text;
using System.Text.Json;
using PropGrade.Core.Agents;
using PropGrade.Core.Api;
using PropGrade.Core.Estimates;
using PropGrade.Core.Explain;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Api;

/// <summary>The revision-2 routes of the runs API: the agents table, the breakdown, "why this tier" and the estimate.</summary>
public sealed class RunsApiResultsTests
{
    private const string Token = "test-token";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeValidator _validator = new();
    private readonly FakeLauncher _launcher = new();
    private readonly InMemoryRunStore _runs = new();
    private readonly InMemoryExportStore _exports = new();
    private readonly FixedAgentsIndex _index = new();
    private readonly ResultsOnlyWorkspace _workspace = new();

    private RunsApi CreateApi()
    {
        var agents = new RunAgentsService(_runs, _index, _workspace, _exports);
        return new RunsApi(
            new BearerTokenAuthenticator(Token), _validator, _launcher, _runs, _exports, new FakeDefaults(), null, null,
            agents, new AgentExplainer(agents, null, new NoStoredPages()), new RunEstimator(_runs, new FixedEstimateContext(5)));
    }

    private static ApiRequest Request(string method, string path, Dictionary<string, string>? query = null, string? body = null, string? token = Token)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (token is not null)
        {
            headers.Add(new("Authorization", "Bearer " + token));
        }

        return ApiRequest.Create(method, path, query, headers, body is null ? default : Encoding.UTF8.GetBytes(body));
    }

    private static JsonElement Json(ApiResponse response) => JsonDocument.Parse(response.Body).RootElement;

    private static List<string> ErrorFields(ApiResponse response) =>
        [.. Json(response).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!)];

    private void FinishedRunWithRows(string runId = "r1")
    {
        _runs.Add(ApiFakes.Record(runId, T0) with { ListingApiRevision = RunRecord.CurrentListingApiRevision });
        _index.Runs[runId] = [ResultsData.Row("1", "A", 41_000_000m, "up"), ResultsData.Row("2", "C", 6_000_000m, "same"), ResultsData.Row("3", "Unranked", 10m, "down")];
    }

    [Theory]
    [InlineData("GET", "/runs/r1/agents")]
    [InlineData("GET", "/runs/r1/agents/1")]
    [InlineData("GET", "/runs/r1/breakdown")]
    [InlineData("POST", "/runs/estimate")]
    public async Task HandleAsync_NoToken_Returns401OnTheResultRoutes(string method, string path)
    {
        FinishedRunWithRows();

        var response = await CreateApi().HandleAsync(Request(method, path, body: method == "POST" ? "{}" : null, token: null), CancellationToken.None);

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(_index.Queries);
        Assert.Equal(0, _validator.Calls);
    }

    [Fact]
    public async Task GetAgents_FinishedRun_AnswersTotalAndOnePageOfRowsInTheRowShape()
    {
        FinishedRunWithRows();

        var response = await CreateApi().HandleAsync(
            Request("GET", "/runs/r1/agents", new() { ["tier"] = "A", ["q"] = "agent", ["sort"] = "-soldVolume", ["page"] = "1", ["pageSize"] = "2" }),
            CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        var json = Json(response);
        Assert.Equal(3, json.GetProperty("total").GetInt64());
        Assert.Equal((1, 2, "-soldVolume"), (json.GetProperty("page").GetInt32(), json.GetProperty("pageSize").GetInt32(), json.GetProperty("sort").GetString()));
        var first = json.GetProperty("rows")[0];
        Assert.Equal(2, json.GetProperty("rows").GetArrayLength());
        Assert.Equal("1", first.GetProperty("advertiserId").GetString());
        Assert.Equal(41_000_000m, first.GetProperty("soldVolume").GetDecimal());
        Assert.Equal("up", first.GetProperty("movement").GetString());
        Assert.Equal("Hoboken", first.GetProperty("contact").GetProperty("city").GetString());
        Assert.Equal(new AgentQuery("A", null, null, null, "agent", "soldVolume", true, 1, 2), Assert.Single(_index.Queries));
    }

    [Fact]
    public async Task GetAgents_BadQuery_Answers400NamingEveryParameterAndQueriesNothing()
    {
        FinishedRunWithRows();

        var response = await CreateApi().HandleAsync(
            Request("GET", "/runs/r1/agents", new() { ["tier"] = "Z", ["pageSize"] = "500", ["sort"] = "salary", ["colour"] = "red" }),
            CancellationToken.None);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(["colour", "sort", "pageSize", "tier"], ErrorFields(response));
        Assert.Empty(_index.Queries);
    }

    [Fact]
    public async Task GetAgents_UnknownRun_Answers404()
    {
        var response = await CreateApi().HandleAsync(Request("GET", "/runs/nope/agents"), CancellationToken.None);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal(["runId"], ErrorFields(response));
    }

    [Theory]
    [InlineData(RunStatus.Running)]
    [InlineData(RunStatus.Queued)]
    [InlineData(RunStatus.Failed)]
    public async Task GetAgents_RunNotFinishedOrFailed_Answers409AndBuildsNothing(RunStatus status)
    {
        _runs.Add(ApiFakes.Record("r2", T0, status));

        var response = await CreateApi().HandleAsync(Request("GET", "/runs/r2/agents"), CancellationToken.None);

        Assert.Equal(409, response.StatusCode);
        Assert.Equal(["runId"], ErrorFields(response));
        Assert.Empty(_index.Written);
    }

    [Fact]
    public async Task GetAgents_FinishedRunWithoutIndex_BuildsItFromTheResultsWithTheExportedMovement()
    {
        _runs.Add(ApiFakes.Record("old", T0));
        _workspace.Results["old"] = [ResultsData.Result("7", "A", 45_000_000m), ResultsData.Result("8", "Unranked", 5m)];
        await _exports.WriteAsync("old", "graded.csv", Encoding.UTF8.GetBytes("advertiser_id,name,movement\n7,Agent 7,up\n"), "text/csv", CancellationToken.None);

        var response = await CreateApi().HandleAsync(Request("GET", "/runs/old/agents"), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["old"], _index.Written);
        var rows = _index.Runs["old"];
        Assert.Equal([("7", "A", "up"), ("8", "Unranked", "")], rows.Select(r => (r.AdvertiserId, r.Tier, r.Movement)));
    }

    [Fact]
    public async Task GetBreakdown_FinishedRun_AnswersMarketsAndMovers()
    {
        FinishedRunWithRows();

        var response = await CreateApi().HandleAsync(Request("GET", "/runs/r1/breakdown"), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        var json = Json(response);
        Assert.Equal("07030", json.GetProperty("markets")[0].GetProperty("market").GetString());
        Assert.Equal(1, json.GetProperty("markets")[0].GetProperty("tiers").GetProperty("A").GetInt64());
        Assert.Equal("1", json.GetProperty("movedUp")[0].GetProperty("advertiserId").GetString());
    }

    [Fact]
    public async Task Explain_UnknownAgent_Answers404ForTheAgent()
    {
        FinishedRunWithRows();

        var response = await CreateApi().HandleAsync(Request("GET", "/runs/r1/agents/99"), CancellationToken.None);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal(["advertiserId"], ErrorFields(response));
    }

    [Fact]
    public async Task Explain_WithoutARawStore_Answers409SayingWhy()
    {
        FinishedRunWithRows();

        var response = await CreateApi().HandleAsync(Request("GET", "/runs/r1/agents/1"), CancellationToken.None);

        Assert.Equal(409, response.StatusCode);
        Assert.Contains("raw store", Json(response).GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_InvalidRequest_Answers400WithTheValidatorsErrorsAndLaunchesNothing()
    {
        _validator.ErrorsToReturn.Add(new ApiFieldError("tiers[0].minVolume", "must be >= 0."));

        var response = await CreateApi().HandleAsync(Request("POST", "/runs/estimate", body: "{}"), CancellationToken.None);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(["tiers[0].minVolume"], ErrorFields(response));
        Assert.Empty(_launcher.Launched);
    }

    [Fact]
    public async Task Estimate_ValidRequest_AnswersTheFiguresAndTheirBasis()
    {
        var response = await CreateApi().HandleAsync(Request("POST", "/runs/estimate", body: "{}"), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        var json = Json(response);
        Assert.Equal("defaults", json.GetProperty("basis").GetString());
        Assert.Equal(2 * RunEstimator.DefaultAgentsPerMarket, json.GetProperty("agents").GetInt64());
        Assert.Equal(5, json.GetProperty("requestsPerSecond").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("quotaRemaining").ValueKind);
        Assert.Empty(_launcher.Launched);
    }

    [Fact]
    public async Task Estimate_Get_Answers405AllowingPost()
    {
        var response = await CreateApi().HandleAsync(Request("GET", "/runs/estimate"), CancellationToken.None);

        Assert.Equal(405, response.StatusCode);
        Assert.Equal("POST", response.Headers["Allow"]);
    }

    private sealed class NoStoredPages : IStoredListingPages
    {
        public PropGrade.Core.Listings.IListingSource Open(IReadOnlyList<PropGrade.Core.Audit.RawExchange> exchanges) => throw new NotSupportedException();
    }
}

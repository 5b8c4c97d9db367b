using System.Text;
using System.Text.Json;
using PropGrade.Core.Agents;
using PropGrade.Core.Api;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Api;

public sealed class RunsApiTests
{
    private const string Token = "test-token";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeValidator _validator = new();
    private readonly FakeLauncher _launcher = new();
    private readonly InMemoryRunStore _runs = new();
    private readonly InMemoryExportStore _exports = new();
    private readonly List<Exception> _unhandled = [];

    private RunsApi CreateApi(RunsApiOptions? options = null) => new(
        new BearerTokenAuthenticator(Token), _validator, _launcher, _runs, _exports, new FakeDefaults(), options, _unhandled.Add);

    private static ApiRequest Request(string method, string path, string? body = null, string? token = Token, Dictionary<string, string>? query = null, string contentType = "application/json")
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (token is not null)
        {
            headers.Add(new("Authorization", "Bearer " + token));
        }

        if (body is not null)
        {
            headers.Add(new("Content-Type", contentType));
        }

        return ApiRequest.Create(method, path, query, headers, body is null ? default : Encoding.UTF8.GetBytes(body));
    }

    private static JsonElement Json(ApiResponse response) => JsonDocument.Parse(response.Body).RootElement;

    private static List<(string Field, string Message)> Errors(ApiResponse response) =>
        [.. Json(response).GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("message").GetString()!))];

    [Theory]
    [InlineData("GET", "/config/defaults")]
    [InlineData("GET", "/runs")]
    [InlineData("POST", "/runs")]
    [InlineData("GET", "/runs/r1")]
    [InlineData("GET", "/runs/r1/exports")]
    [InlineData("GET", "/runs/r1/exports/graded.csv")]
    [InlineData("DELETE", "/runs")]
    [InlineData("GET", "/no/such/route")]
    public async Task HandleAsync_NoToken_Returns401OnEveryRoute(string method, string path)
    {
        _runs.Add(ApiFakes.Record("r1", T0));
        var api = CreateApi(new RunsApiOptions { ServeExportFiles = true });

        var response = await api.HandleAsync(Request(method, path, body: method == "POST" ? "{}" : null, token: null), CancellationToken.None);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal("Bearer", response.Headers["WWW-Authenticate"]);
        Assert.Equal([("", "Authentication required.")], Errors(response));
        Assert.Empty(_launcher.Launched);
        Assert.Equal(0, _validator.Calls);
    }

    [Fact]
    public async Task HandleAsync_WrongToken_Returns401()
    {
        var response = await CreateApi().HandleAsync(Request("GET", "/runs", token: "nope"), CancellationToken.None);
        Assert.Equal(401, response.StatusCode);
    }

    [Fact]
    public async Task GetDefaults_Authenticated_ReturnsDefaultRequestInContractShape()
    {
        var response = await CreateApi().HandleAsync(Request("GET", "/config/defaults"), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("application/json", response.Headers["Content-Type"], StringComparison.Ordinal);
        var json = Json(response);
        Assert.Equal("2025-11-23", json.GetProperty("soldSince").GetString());
        Assert.Equal("2026-11-23", json.GetProperty("asOf").GetString());
        Assert.False(json.GetProperty("includeActive").GetBoolean());
        Assert.Equal(19, json.GetProperty("maxPages").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("roster").ValueKind);
        Assert.Equal(["07030", "90210"], json.GetProperty("markets").EnumerateArray().Select(m => m.GetString()));
        var tiers = json.GetProperty("tiers").EnumerateArray().ToList();
        Assert.Equal(3, tiers.Count);
        Assert.Equal(40_000_000m, tiers[0].GetProperty("minVolume").GetDecimal());
        Assert.False(tiers[0].TryGetProperty("minSides", out _), "an absent criterion is omitted");
        Assert.Equal(40m, tiers[1].GetProperty("minSides").GetDecimal());
    }

    [Fact]
    public async Task GetDefaults_Authenticated_ServesTheValidatorsLimitsNotCopies()
    {
        var response = await CreateApi(new RunsApiOptions { MaxConcurrency = 12 }).HandleAsync(Request("GET", "/config/defaults"), CancellationToken.None);

        var limits = Json(response).GetProperty("limits");
        Assert.Equal("2026-11-23", limits.GetProperty("today").GetString());
        Assert.Equal(12, limits.GetProperty("defaultWindowMonths").GetInt32());
        Assert.Equal(RunRequestValidator.MaxWindowYears, limits.GetProperty("maxWindowYears").GetInt32());
        Assert.Equal(1, limits.GetProperty("maxPages").GetProperty("min").GetInt32());
        Assert.Equal(RunRequestValidator.MaxPagesLimit, limits.GetProperty("maxPages").GetProperty("max").GetInt32());
        Assert.Equal(1, limits.GetProperty("concurrency").GetProperty("min").GetInt32());
        Assert.Equal(12, limits.GetProperty("concurrency").GetProperty("max").GetInt32());
        Assert.Equal(RunRequestValidator.ZipLength, limits.GetProperty("zipLength").GetInt32());
        Assert.Equal(1, limits.GetProperty("agentsPageSize").GetProperty("min").GetInt32());
        Assert.Equal(AgentQueryParser.MaxPageSize, limits.GetProperty("agentsPageSize").GetProperty("max").GetInt32());
        Assert.Equal(AgentQueryParser.DefaultPageSize, limits.GetProperty("agentsDefaultPageSize").GetInt32());
    }

    [Fact]
    public async Task GetDefaults_Authenticated_ServesTheTierNameDateAndScopeLimits()
    {
        var response = await CreateApi().HandleAsync(Request("GET", "/config/defaults"), CancellationToken.None);

        var limits = Json(response).GetProperty("limits");
        Assert.Equal(10, limits.GetProperty("maxTiers").GetInt32());
        Assert.Equal(31, limits.GetProperty("tierNameMaxLength").GetInt32());
        Assert.Equal("[]:*?/\\", limits.GetProperty("tierNameForbidden").GetString());
        Assert.Equal(["Unranked"], limits.GetProperty("reservedTierNames").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("2000-01-01", limits.GetProperty("minAsOf").GetString());
        Assert.Equal(50_000, limits.GetProperty("maxMarkets").GetInt32());
        Assert.Equal(50_000, limits.GetProperty("maxRosterRows").GetInt32());
        Assert.Equal(RunRequestValidator.MaxTiers, limits.GetProperty("maxTiers").GetInt32());
    }

    [Fact]
    public async Task GetDefaults_WithoutLimitsAndPlaces_IsARequestThatPostRunsAccepts()
    {
        var fake = new FakeDefaults();
        var response = await CreateApi().HandleAsync(Request("GET", "/config/defaults"), CancellationToken.None);
        var body = System.Text.Json.Nodes.JsonNode.Parse(response.Body.Span)!.AsObject();

        Assert.True(body.Remove("limits"));
        Assert.True(body.Remove("marketPlaces"));
        var parsed = RunRequestParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()), fake.Defaults);

        Assert.Empty(parsed.Errors);
        Assert.Equal(ApiFakes.SampleRequest.Tiers, parsed.Request!.Tiers);
        Assert.Equal(ApiFakes.SampleRequest.Markets, parsed.Request.Markets);
    }

    [Fact]
    public async Task GetDefaults_SourceTodayMovesOn_TodayAndDefaultWindowFollow()
    {
        var defaults = new FakeDefaults { Defaults = new RunDefaults(new DateOnly(2024, 2, 29), ["07030"]) };
        var api = new RunsApi(new BearerTokenAuthenticator(Token), _validator, _launcher, _runs, _exports, defaults);

        var json = Json(await api.HandleAsync(Request("GET", "/config/defaults"), CancellationToken.None));

        Assert.Equal("2024-02-29", json.GetProperty("limits").GetProperty("today").GetString());
        Assert.Equal("2024-02-29", json.GetProperty("asOf").GetString());
        Assert.Equal("2023-02-28", json.GetProperty("soldSince").GetString());
        Assert.Equal(12, json.GetProperty("limits").GetProperty("defaultWindowMonths").GetInt32());
        Assert.Empty(json.GetProperty("marketPlaces").EnumerateObject());
    }

    [Fact]
    public async Task GetDefaults_PlacesKnown_ServesThemByZipOnlyForKnownMarkets()
    {
        var response = await CreateApi().HandleAsync(Request("GET", "/config/defaults"), CancellationToken.None);

        var places = Json(response).GetProperty("marketPlaces");
        var hoboken = Assert.Single(places.EnumerateObject());
        Assert.Equal("07030", hoboken.Name);
        Assert.Equal("Hoboken", hoboken.Value.GetProperty("city").GetString());
        Assert.Equal("NJ", hoboken.Value.GetProperty("state").GetString());
        Assert.Equal("no-store", response.Headers["Cache-Control"]);
    }

    [Fact]
    public async Task PostRuns_ValidRequest_Returns202WithRunIdAndLaunchesOnce()
    {
        var response = await CreateApi().HandleAsync(
            Request("POST", "/runs", "{\"maxPages\":5}", query: new() { ["concurrency"] = "8" }), CancellationToken.None);

        Assert.Equal(202, response.StatusCode);
        Assert.Equal("run-1", Json(response).GetProperty("runId").GetString());
        Assert.Equal("/runs/run-1", response.Headers["Location"]);
        var launched = Assert.Single(_launcher.Launched);
        Assert.Same(ApiFakes.SampleRequest, launched.Request);
        Assert.Equal(8, launched.Options.Concurrency);
        Assert.Equal("{\"maxPages\":5}", _validator.LastBody);
    }

    [Fact]
    public async Task PostRuns_NoConcurrency_LaunchesWithRuntimeDefault()
    {
        var response = await CreateApi().HandleAsync(Request("POST", "/runs", "{}"), CancellationToken.None);

        Assert.Equal(202, response.StatusCode);
        Assert.Null(Assert.Single(_launcher.Launched).Options.Concurrency);
    }

    [Fact]
    public async Task PostRuns_InvalidRequest_Returns400WithEveryFieldErrorAndStartsNothing()
    {
        _validator.ErrorsToReturn.Add(new("tiers[1].minVolume", "Must not be negative."));
        _validator.ErrorsToReturn.Add(new("markets[0]", "Must be a 5-digit ZIP code."));

        var response = await CreateApi().HandleAsync(
            Request("POST", "/runs", "{}", query: new() { ["concurrency"] = "0" }), CancellationToken.None);

        Assert.Equal(400, response.StatusCode);
        var errors = Errors(response);
        Assert.Equal(["concurrency", "tiers[1].minVolume", "markets[0]"], errors.Select(e => e.Field));
        Assert.Empty(_launcher.Launched);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task PostRuns_ConcurrencyOutOfRange_Returns400ForConcurrency(string concurrency)
    {
        var response = await CreateApi().HandleAsync(
            Request("POST", "/runs", "{}", query: new() { ["concurrency"] = concurrency }), CancellationToken.None);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("concurrency", Assert.Single(Errors(response)).Field);
        Assert.Empty(_launcher.Launched);
    }

    [Fact]
    public async Task PostRuns_NonJsonContentType_Returns415()
    {
        var response = await CreateApi().HandleAsync(Request("POST", "/runs", "a=b", contentType: "application/x-www-form-urlencoded"), CancellationToken.None);

        Assert.Equal(415, response.StatusCode);
        Assert.Empty(_launcher.Launched);
        Assert.Equal(0, _validator.Calls);
    }

    [Fact]
    public async Task PostRuns_BodyOverLimit_Returns413()
    {
        var api = CreateApi(new RunsApiOptions { MaxBodyBytes = 1024 });
        var response = await api.HandleAsync(Request("POST", "/runs", "{\"x\":\"" + new string('a', 1100) + "\"}"), CancellationToken.None);

        Assert.Equal(413, response.StatusCode);
        Assert.Empty(_launcher.Launched);
    }

    [Fact]
    public async Task PostRuns_LauncherRejects_Returns400WithItsErrors()
    {
        _launcher.Throw = new RunLaunchRejectedException([new ApiFieldError("asOf", "must not be in the future.")]);

        var response = await CreateApi().HandleAsync(Request("POST", "/runs", "{}"), CancellationToken.None);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal([("asOf", "must not be in the future.")], Errors(response));
        Assert.Empty(_unhandled);
    }

    [Fact]
    public async Task PostRuns_LauncherFails_Returns500WithoutDetailsAndReportsException()
    {
        _launcher.Throw = new InvalidOperationException("disk full at /secret/path");

        var response = await CreateApi().HandleAsync(Request("POST", "/runs", "{}"), CancellationToken.None);

        Assert.Equal(500, response.StatusCode);
        Assert.DoesNotContain("secret", Encoding.UTF8.GetString(response.Body.Span), StringComparison.Ordinal);
        Assert.Same(_launcher.Throw, Assert.Single(_unhandled));
    }

    [Fact]
    public async Task GetRuns_SeveralRuns_ReturnsNewestFirst()
    {
        _runs.Add(ApiFakes.Record("old", T0));
        _runs.Add(ApiFakes.Record("new", T0.AddHours(2), RunStatus.Running));
        _runs.Add(ApiFakes.Record("mid", T0.AddHours(1)));

        var response = await CreateApi().HandleAsync(Request("GET", "/runs/"), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        var runs = Json(response).GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["new", "mid", "old"], runs.Select(r => r.GetProperty("runId").GetString()));
        Assert.Equal("RUNNING", runs[0].GetProperty("status").GetString());
        Assert.Equal(50, _runs.LastLimit);
    }

    [Fact]
    public async Task GetRuns_WithLimit_PassesLimitToStore()
    {
        var response = await CreateApi().HandleAsync(Request("GET", "/runs", query: new() { ["limit"] = "2" }), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, _runs.LastLimit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("x")]
    public async Task GetRuns_BadLimit_Returns400ForLimit(string limit)
    {
        var response = await CreateApi().HandleAsync(Request("GET", "/runs", query: new() { ["limit"] = limit }), CancellationToken.None);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("limit", Assert.Single(Errors(response)).Field);
    }

    [Fact]
    public async Task GetRun_Known_ReturnsFlatRecord()
    {
        _runs.Add(ApiFakes.Record("r1", T0));

        var response = await CreateApi().HandleAsync(Request("GET", "/runs/r1"), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        var json = Json(response);
        Assert.Equal("r1", json.GetProperty("runId").GetString());
        Assert.Equal("SUCCEEDED", json.GetProperty("status").GetString());
        Assert.Equal("api", json.GetProperty("trigger").GetString());
        Assert.Equal(10, json.GetProperty("agentsDiscovered").GetInt32());
        Assert.Equal(8, json.GetProperty("agentsDone").GetInt32());
        Assert.Equal(1, json.GetProperty("agentsIncomplete").GetInt32());
        Assert.Equal(1, json.GetProperty("agentsSkipped").GetInt32());
        Assert.Equal(42, json.GetProperty("apiCalls").GetInt64());
        Assert.Equal(3, json.GetProperty("tierCounts").GetProperty("B").GetInt32());
        Assert.Equal("graded.csv", json.GetProperty("exports")[0].GetString());
        Assert.Equal("2026-11-23", json.GetProperty("request").GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task GetRun_Revision2Record_CarriesMarketsWarningsAndTheRevision()
    {
        _runs.Add(ApiFakes.Record("r2", T0) with
        {
            ListingApiRevision = RunRecord.CurrentListingApiRevision,
            Markets = [new MarketReport("07030", 70, 40, true, 30, null)],
            Warnings = [new RunWarning(RunWarningCodes.MarketTruncated, "Market 07030: ...")],
            Request = ApiFakes.SampleRequest with { UndisclosedPrice = UndisclosedPrice.Exclude },
        });

        var json = Json(await CreateApi().HandleAsync(Request("GET", "/runs/r2"), CancellationToken.None));

        Assert.Equal(2, json.GetProperty("listingApiRevision").GetInt32());
        var market = json.GetProperty("markets")[0];
        Assert.Equal(("07030", 70, 40, true, 30), (market.GetProperty("postalCode").GetString(), market.GetProperty("matchingRows").GetInt32(),
            market.GetProperty("agentsFound").GetInt32(), market.GetProperty("truncated").GetBoolean(), market.GetProperty("notReached").GetInt32()));
        Assert.Equal(JsonValueKind.Null, market.GetProperty("failed").ValueKind);
        Assert.Equal("market_truncated", json.GetProperty("warnings")[0].GetProperty("code").GetString());
        Assert.Equal("exclude", json.GetProperty("request").GetProperty("undisclosedPrice").GetString());
    }

    [Fact]
    public async Task GetRun_Revision1Record_ShowsAsRevision1WithEmptyMarketsAndWarnings()
    {
        _runs.Add(ApiFakes.Record("old", T0) with { Request = ApiFakes.SampleRequest with { Markets = null, Roster = [new("123", null)] } });

        var response = await CreateApi().HandleAsync(Request("GET", "/runs/old"), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        var json = Json(response);
        Assert.Equal(1, json.GetProperty("listingApiRevision").GetInt32());
        Assert.Equal(0, json.GetProperty("markets").GetArrayLength());
        Assert.Equal(0, json.GetProperty("warnings").GetArrayLength());
        Assert.Equal("123", json.GetProperty("request").GetProperty("roster")[0].GetProperty("advertiserId").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("request").GetProperty("roster")[0].GetProperty("nrdsId").ValueKind);
    }

    [Theory]
    [InlineData("/runs/unknown")]
    [InlineData("/runs/..")]
    [InlineData("/runs/unknown/exports")]
    public async Task GetRun_Unknown_Returns404(string path)
    {
        var response = await CreateApi().HandleAsync(Request("GET", path), CancellationToken.None);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("runId", Assert.Single(Errors(response)).Field);
    }

    [Fact]
    public async Task GetExports_OnAws_ReturnsStoreLinksUnchanged()
    {
        _runs.Add(ApiFakes.Record("r1", T0));
        await _exports.WriteAsync("r1", "graded.csv", "a,b\n"u8.ToArray(), "text/csv", CancellationToken.None);

        var response = await CreateApi().HandleAsync(Request("GET", "/runs/r1/exports"), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        var link = Assert.Single(Json(response).GetProperty("exports").EnumerateArray().ToList());
        Assert.Equal("graded.csv", link.GetProperty("name").GetString());
        Assert.Equal("https://bucket.example/r1/graded.csv?sig=x", link.GetProperty("url").GetString());
        Assert.Equal(4, link.GetProperty("sizeBytes").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, link.GetProperty("expiresAt").ValueKind);
    }

    [Fact]
    public async Task GetExports_LocalHost_RewritesLinksToTheDownloadRoute()
    {
        _runs.Add(ApiFakes.Record("r1", T0));
        await _exports.WriteAsync("r1", "graded.csv", "a,b\n"u8.ToArray(), "text/csv", CancellationToken.None);

        var response = await CreateApi(new RunsApiOptions { ServeExportFiles = true }).HandleAsync(Request("GET", "/runs/r1/exports"), CancellationToken.None);

        var link = Assert.Single(Json(response).GetProperty("exports").EnumerateArray().ToList());
        Assert.Equal("/runs/r1/exports/graded.csv", link.GetProperty("url").GetString());
        Assert.Equal("propgrade-2026-11-23-graded.csv", link.GetProperty("downloadName").GetString());
    }

    [Fact]
    public async Task DownloadExport_Existing_ReturnsFileAsAttachmentUnderTheRunsDownloadName()
    {
        _runs.Add(ApiFakes.Record("r1", T0));
        await _exports.WriteAsync("r1", "graded.csv", "advertiser_id,tier\n1,A\n"u8.ToArray(), "text/csv", CancellationToken.None);

        var response = await CreateApi(new RunsApiOptions { ServeExportFiles = true }).HandleAsync(Request("GET", "/runs/r1/exports/graded.csv"), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("attachment; filename=\"propgrade-2026-11-23-graded.csv\"", response.Headers["Content-Disposition"]);
        Assert.Equal("advertiser_id,tier\n1,A\n", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Theory]
    [InlineData("/runs/r1/exports/missing.csv")]
    [InlineData("/runs/r1/exports/..")]
    [InlineData("/runs/r1/exports/.hidden")]
    public async Task DownloadExport_MissingOrUnsafe_Returns404(string path)
    {
        var response = await CreateApi(new RunsApiOptions { ServeExportFiles = true }).HandleAsync(Request("GET", path), CancellationToken.None);
        Assert.Equal(404, response.StatusCode);
    }

    [Fact]
    public async Task DownloadExport_NotServedOnAws_Returns404()
    {
        await _exports.WriteAsync("r1", "graded.csv", "x"u8.ToArray(), "text/csv", CancellationToken.None);

        var response = await CreateApi().HandleAsync(Request("GET", "/runs/r1/exports/graded.csv"), CancellationToken.None);

        Assert.Equal(404, response.StatusCode);
    }

    [Theory]
    [InlineData("DELETE", "/runs", "GET, POST")]
    [InlineData("PUT", "/runs/r1", "GET")]
    [InlineData("POST", "/config/defaults", "GET")]
    [InlineData("POST", "/runs/r1/exports", "GET")]
    public async Task HandleAsync_WrongMethod_Returns405WithAllow(string method, string path, string allow)
    {
        var response = await CreateApi().HandleAsync(Request(method, path), CancellationToken.None);

        Assert.Equal(405, response.StatusCode);
        Assert.Equal(allow, response.Headers["Allow"]);
        Assert.Empty(_launcher.Launched);
    }

    [Fact]
    public async Task HandleAsync_UnknownRoute_Returns404()
    {
        var response = await CreateApi().HandleAsync(Request("GET", "/admin"), CancellationToken.None);
        Assert.Equal(404, response.StatusCode);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CreateApi(new RunsApiOptions { DefaultListLimit = 10, MaxListLimit = 5 }));
}

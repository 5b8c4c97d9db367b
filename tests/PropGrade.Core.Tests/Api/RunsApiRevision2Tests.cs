using System.Text;
using System.Text.Json;
using PropGrade.Core.Api;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Api;

/// <summary>The revision-2 fields on the wire: <c>name</c>, <c>rollingMonths</c>, the graded <c>window</c>, the <c>comparison</c> and download names.</summary>
public sealed class RunsApiRevision2Tests
{
    private const string Token = "test-token";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly InMemoryRunStore _runs = new();
    private readonly InMemoryExportStore _exports = new();

    private RunsApi CreateApi() => new(new BearerTokenAuthenticator(Token), new FakeValidator(), new FakeLauncher(), _runs, _exports, new FakeDefaults(), null, _ => { });

    private async Task<JsonElement> GetAsync(string path)
    {
        var request = ApiRequest.Create("GET", path, null, [new("Authorization", "Bearer " + Token)], default);
        var response = await CreateApi().HandleAsync(request, CancellationToken.None);
        Assert.Equal(200, response.StatusCode);
        return JsonDocument.Parse(response.Body).RootElement;
    }

    [Fact]
    public async Task GetRun_RollingNamedRun_CarriesNameRollingMonthsNoDatesAndTheWindowOfItsApiToday()
    {
        _runs.Add(ApiFakes.Record("r1", T0) with
        {
            Request = ApiFakes.SampleRequest with { Name = "Q1 2027", RollingMonths = 3 },
            ApiToday = new DateOnly(2027, 2, 23),
        });

        var run = await GetAsync("/runs/r1");

        Assert.Equal("Q1 2027", run.GetProperty("name").GetString());
        var request = run.GetProperty("request");
        Assert.Equal(3, request.GetProperty("rollingMonths").GetInt32());
        Assert.Equal("Q1 2027", request.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, request.GetProperty("soldSince").ValueKind);
        Assert.Equal(JsonValueKind.Null, request.GetProperty("asOf").ValueKind);
        var window = run.GetProperty("window");
        Assert.Equal(("2026-11-23", "2027-02-23", 3), (window.GetProperty("soldSince").GetString(), window.GetProperty("asOf").GetString(), window.GetProperty("rollingMonths").GetInt32()));
    }

    [Fact]
    public async Task GetRuns_FinishedRun_CarriesItsComparison()
    {
        _runs.Add(ApiFakes.Record("r2", T0) with { Comparison = RunComparison.With("r1", "Q3", new DateOnly(2025, 8, 23), new DateOnly(2026, 8, 23)) });
        _runs.Add(ApiFakes.Record("r3", T0.AddMinutes(1)) with { Comparison = RunComparison.None });

        var runs = (await GetAsync("/runs")).GetProperty("runs").EnumerateArray().ToDictionary(r => r.GetProperty("runId").GetString()!);

        var comparison = runs["r2"].GetProperty("comparison");
        Assert.Equal(("r1", "Q3", "2026-08-23"), (comparison.GetProperty("previousRunId").GetString(), comparison.GetProperty("previousName").GetString(), comparison.GetProperty("previousAsOf").GetString()));
        Assert.StartsWith("No comparable previous run", runs["r3"].GetProperty("comparison").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, runs["r2"].GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Null, runs["r2"].GetProperty("request").GetProperty("rollingMonths").ValueKind);
        Assert.Equal("2025-11-23", runs["r2"].GetProperty("request").GetProperty("soldSince").GetString());
    }

    [Fact]
    public async Task RunAgain_TheRecordsRequestSentBack_GradesTheMonthsBeforeTheNewToday()
    {
        _runs.Add(ApiFakes.Record("r1", T0) with { Request = ApiFakes.SampleRequest with { Name = "Rolling", RollingMonths = 12 }, ApiToday = new DateOnly(2026, 11, 23) });
        var sentBack = (await GetAsync("/runs/r1")).GetProperty("request").GetRawText();

        var later = RunRequestParser.Parse(Encoding.UTF8.GetBytes(sentBack), new RunDefaults(new DateOnly(2027, 2, 23), ["07030", "90210"]));

        Assert.True(later.IsValid, string.Join("; ", later.Errors));
        Assert.Equal((new DateOnly(2026, 2, 23), new DateOnly(2027, 2, 23), 12, "Rolling"), (later.Request!.SoldSince, later.Request.AsOf, later.Request.RollingMonths!.Value, later.Request.Name));
    }

    [Fact]
    public async Task RunAgain_AFixedRequestSentBack_KeepsItsDates()
    {
        _runs.Add(ApiFakes.Record("r1", T0));
        var sentBack = (await GetAsync("/runs/r1")).GetProperty("request").GetRawText();

        var again = RunRequestParser.Parse(Encoding.UTF8.GetBytes(sentBack), new RunDefaults(new DateOnly(2027, 2, 23), ["07030", "90210"]));

        Assert.True(again.IsValid, string.Join("; ", again.Errors));
        Assert.Equal((ApiFakes.SampleRequest.SoldSince, ApiFakes.SampleRequest.AsOf), (again.Request!.SoldSince, again.Request.AsOf));
    }

    [Fact]
    public async Task ConfigDefaults_Limits_CarryTheRollingRangeAndTheNameLength()
    {
        var limits = (await GetAsync("/config/defaults")).GetProperty("limits");

        Assert.Equal((1, 120), (limits.GetProperty("rollingMonths").GetProperty("min").GetInt32(), limits.GetProperty("rollingMonths").GetProperty("max").GetInt32()));
        Assert.Equal(80, limits.GetProperty("maxNameLength").GetInt32());
    }
}

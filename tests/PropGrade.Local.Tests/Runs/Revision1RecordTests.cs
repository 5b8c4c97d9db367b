using System.Text;
using System.Text.Json;
using PropGrade.Core.Api;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Local.Tests.Fakes;
using PropGrade.Local.Tests.Support;

namespace PropGrade.Local.Tests.Runs;

/// <summary>
/// Runs stored before listing-API contract revision 2 (old schema, numeric ids, bare-id rosters): still listed and
/// shown, never resumed or regraded (refused with a plain reason), and still a baseline for movement.
/// </summary>
public sealed class Revision1RecordTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-rev1-").FullName;

    public Revision1RecordTests() => Revision1Database.Create(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LocalEngine Engine(FakeWorldSource? source = null) => new(new LocalEngineOptions
    {
        DataDir = _dir,
        SourceConnector = source ?? new FakeWorldSource(10),
        RawStoreFactory = _ => null,
        Concurrency = 2,
    });

    [Fact]
    public async Task ListAndGet_Revision1Runs_ReadWithStringIdsAndRevision1()
    {
        await using var engine = Engine();

        var runs = await engine.Runs.ListAsync(10, default);
        var roster = (await engine.Runs.GetAsync(Revision1Database.RosterRun, default))!;

        Assert.Equal([Revision1Database.FailedRun, Revision1Database.RosterRun, Revision1Database.MarketsRun], runs.Select(r => r.RunId));
        Assert.All(runs, r => Assert.Equal(1, r.EffectiveListingApiRevision));
        Assert.All(runs, r => Assert.Null(r.Markets));
        Assert.Equal([new RosterEntry("884288", null), new RosterEntry("884289", null)], roster.Request.Roster!);
        Assert.Equal(1, roster.TierCounts["A"]);
        var results = await engine.Workspace.ReadResultsAsync(Revision1Database.MarketsRun, default).ToListAsync();
        Assert.Equal(["884288", "884289"], results.Select(r => r.AdvertiserId));
    }

    [Fact]
    public async Task RunsApi_OverTheMigratedStore_ListsAndShowsRevision1Runs()
    {
        await using var engine = Engine();
        var api = new RunsApi(new BearerTokenAuthenticator("t"), new RunRequestPolicy(_ => Task.FromResult(new RunDefaults(FakeWorldSource.Today, ["07030"]))),
            new NoLauncher(), engine.Runs, engine.Exports, new RunRequestPolicy(_ => Task.FromResult(new RunDefaults(FakeWorldSource.Today, ["07030"]))));
        var auth = new[] { new KeyValuePair<string, string>("Authorization", "Bearer t") };

        var list = await api.HandleAsync(ApiRequest.Create("GET", "/runs", headers: auth), default);
        var one = await api.HandleAsync(ApiRequest.Create("GET", "/runs/" + Revision1Database.RosterRun, headers: auth), default);

        Assert.Equal((200, 200), (list.StatusCode, one.StatusCode));
        Assert.Equal(3, JsonDocument.Parse(list.Body).RootElement.GetProperty("runs").GetArrayLength());
        var run = JsonDocument.Parse(one.Body).RootElement;
        Assert.Equal(1, run.GetProperty("listingApiRevision").GetInt32());
        Assert.Equal("884288", run.GetProperty("request").GetProperty("roster")[0].GetProperty("advertiserId").GetString());
        Assert.Contains("listPrice", Encoding.UTF8.GetString(one.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitRegradeAsync_Revision1Run_RefusedNamingTheRevision()
    {
        await using var engine = Engine();
        var source = (await engine.Runs.GetAsync(Revision1Database.MarketsRun, default))!;

        var ex = await Assert.ThrowsAsync<RunRequestInvalidException>(() => engine.SubmitRegradeAsync(Revision1Database.MarketsRun, source.Request, RunTrigger.Cli, default));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("runId", error.Field);
        Assert.Contains("revision 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be regraded", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await engine.Runs.ListAsync(10, default)).Count);
    }

    [Fact]
    public async Task ExecuteAsync_ResumingARevision1Run_RefusedWithoutACall()
    {
        var source = new FakeWorldSource(10);
        await using var engine = Engine(source);

        var ex = await Assert.ThrowsAsync<RunRequestInvalidException>(() => engine.ExecuteAsync(Revision1Database.FailedRun, null, default));

        Assert.Contains("cannot be resumed", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(0, source.Calls);
        Assert.Equal(RunStatus.Failed, (await engine.Runs.GetAsync(Revision1Database.FailedRun, default))!.Status);
    }

    [Fact]
    public async Task NewRunOverTheSameMarkets_ComparesWithTheRevision1Run()
    {
        await using var engine = Engine(new FakeWorldSource(10));
        var request = new RunDefaults(FakeWorldSource.Today, ["07030", "90210"]).CreateDefaultRequest();
        var runId = await engine.SubmitAsync(request, RunTrigger.Cli, default);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Succeeded, record.Status);
        Assert.Equal(RunRecord.CurrentListingApiRevision, record.ListingApiRevision);
        await using var summary = (await engine.Exports.OpenReadAsync(runId, "summary.json", default))!;
        Assert.Equal(Revision1Database.MarketsRun, JsonDocument.Parse(summary).RootElement.GetProperty("previousRunId").GetString());
    }

    private sealed class NoLauncher : IRunLauncher
    {
        public Task<string> LaunchAsync(RunRequest request, LaunchOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

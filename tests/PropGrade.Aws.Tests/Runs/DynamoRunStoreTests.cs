using PropGrade.Aws.Runs;
using PropGrade.Aws.Tests.Peers;
using PropGrade.Core.Runs;

namespace PropGrade.Aws.Tests.Runs;

[Trait("Category", "Integration")]
public sealed class DynamoRunStoreTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private async Task<DynamoRunStore> NewStoreAsync() => new(dynalite.Dynamo, await dynalite.CreateRunsTableAsync());

    [Fact]
    public async Task CreateAsync_ThenGetAsync_RoundTripsTheRecord()
    {
        var store = await NewStoreAsync();
        var record = Samples.Queued("run-1", T0);

        await store.CreateAsync(record, CancellationToken.None);
        var read = await store.GetAsync("run-1", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(RunStatus.Queued, read.Status);
        Assert.Equal(RunTrigger.Api, read.Trigger);
        Assert.Equal(T0, read.CreatedAt);
        Assert.Equal(record.Request.Tiers, read.Request.Tiers);
        Assert.Equal(record.Request.Markets, read.Request.Markets);
        Assert.Equal(record.Request.SoldSince, read.Request.SoldSince);
        Assert.Equal(RunCounters.Zero, read.Counters);
        Assert.Null(read.ApiToday);
        await store.SetApiTodayAsync("run-1", new DateOnly(2026, 11, 23), CancellationToken.None);
        Assert.Equal(new DateOnly(2026, 11, 23), (await store.GetAsync("run-1", CancellationToken.None))!.ApiToday);
        Assert.Null(await store.GetAsync("run-404", CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_WithSource_RoundTripsItAsAMapWithoutTheKey()
    {
        var store = await NewStoreAsync();
        var source = RunSource.ForApi(new Uri("https://realty-in-us.p.rapidapi.com/?rapidapi-key=secret-key"), "realty-in-us.p.rapidapi.com");
        await store.CreateAsync(Samples.Queued("run-source", T0) with { Source = source }, CancellationToken.None);
        await store.CreateAsync(Samples.Queued("run-nosource", T0), CancellationToken.None);

        var read = await store.GetAsync("run-source", CancellationToken.None);

        Assert.Equal(new RunSource("https://realty-in-us.p.rapidapi.com/", "realty-in-us.p.rapidapi.com", "realty-in-us.p.rapidapi.com"), read!.Source);
        Assert.Null((await store.GetAsync("run-nosource", CancellationToken.None))!.Source);
    }

    [Fact]
    public async Task CreateAsync_SameRunIdTwice_IsRefused()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync(Samples.Queued("run-2", T0), CancellationToken.None);

        var error = await Assert.ThrowsAsync<RunAlreadyExistsException>(
            () => store.CreateAsync(Samples.Queued("run-2", T0.AddMinutes(1)), CancellationToken.None));
        Assert.Equal("run-2", error.RunId);
        Assert.Equal(T0, (await store.GetAsync("run-2", CancellationToken.None))!.CreatedAt);
    }

    [Fact]
    public async Task TryStartAsync_SecondStartOfTheSameRun_IsRefused()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync(Samples.Queued("run-3", T0), CancellationToken.None);

        var starts = await Task.WhenAll(Enumerable.Range(0, 5).Select(
            i => store.TryStartAsync("run-3", [RunStatus.Queued], T0.AddSeconds(i), CancellationToken.None)));

        Assert.Equal(1, starts.Count(s => s));
        var run = await store.GetAsync("run-3", CancellationToken.None);
        Assert.Equal(RunStatus.Running, run!.Status);
        Assert.NotNull(run.StartedAt);
        Assert.False(await store.TryStartAsync("run-404", [RunStatus.Queued], T0, CancellationToken.None));
    }

    [Fact]
    public async Task StatusTransitions_QueuedRunningFailedThenResumed()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync(Samples.Queued("run-4", T0), CancellationToken.None);
        Assert.True(await store.TryStartAsync("run-4", [RunStatus.Queued], T0, CancellationToken.None));

        await store.FinishAsync("run-4", new RunOutcome(RunStatus.Failed, T0.AddMinutes(5), new Dictionary<string, int>(), [], "ApiAuthException: key refused"), CancellationToken.None);
        var failed = await store.GetAsync("run-4", CancellationToken.None);
        Assert.Equal(RunStatus.Failed, failed!.Status);
        Assert.Equal("ApiAuthException: key refused", failed.Error);
        Assert.False(await store.TryStartAsync("run-4", [RunStatus.Queued], T0, CancellationToken.None));

        Assert.True(await store.TryStartAsync("run-4", [RunStatus.Running, RunStatus.Failed, RunStatus.Partial], T0.AddMinutes(10), CancellationToken.None));
        await store.FinishAsync("run-4", new RunOutcome(RunStatus.Succeeded, T0.AddMinutes(20), new Dictionary<string, int> { ["A"] = 3, ["Unranked"] = 9 }, ["graded.csv", "graded.xlsx", "summary.json"], null), CancellationToken.None);

        var done = await store.GetAsync("run-4", CancellationToken.None);
        Assert.Equal(RunStatus.Succeeded, done!.Status);
        Assert.Null(done.Error);
        Assert.Equal(T0.AddMinutes(20), done.FinishedAt);
        Assert.Equal(3, done.TierCounts["A"]);
        Assert.Equal(["graded.csv", "graded.xlsx", "summary.json"], done.Exports);
    }

    [Fact]
    public async Task AddCountersAsync_ParallelWorkers_NeverLoseAnUpdate()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync(Samples.Queued("run-5", T0), CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.AddCountersAsync(
            "run-5", new RunCounters(AgentsDone: 25, AgentsIncomplete: 1, ApiCalls: 101, Throttled: 2), CancellationToken.None)));

        var counters = (await store.GetAsync("run-5", CancellationToken.None))!.Counters;
        Assert.Equal(new RunCounters(AgentsDone: 500, AgentsIncomplete: 20, ApiCalls: 2020, Throttled: 40), counters);
    }

    [Fact]
    public async Task ListAsync_NewestFirst_UpToTheLimit()
    {
        var store = await NewStoreAsync();
        foreach (var i in new[] { 3, 1, 4, 2 })
        {
            await store.CreateAsync(Samples.Queued($"run-{i}", T0.AddHours(i)), CancellationToken.None);
        }

        var runs = await store.ListAsync(3, CancellationToken.None);

        Assert.Equal(["run-4", "run-3", "run-2"], runs.Select(r => r.RunId));
    }

    [Fact]
    public async Task MarketsWarningsAndRevision_AreStoredAndReadBack()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync(Samples.Queued("run-m", T0) with { ListingApiRevision = RunRecord.CurrentListingApiRevision }, CancellationToken.None);
        MarketReport[] markets = [new("07030", 70, 40, true, 30, null), new("90210", null, 0, false, 0, "http_503")];

        await store.RecordMarketsAsync("run-m", markets, CancellationToken.None);
        var duringRun = (await store.GetAsync("run-m", CancellationToken.None))!;
        await store.FinishAsync("run-m", new RunOutcome(RunStatus.Partial, T0.AddHours(1), new Dictionary<string, int>(), [], null,
            [new RunWarning(RunWarningCodes.MarketTruncated, "Market 07030 ...")]), CancellationToken.None);
        var finished = (await store.GetAsync("run-m", CancellationToken.None))!;

        Assert.Equal(markets, duringRun.Markets);
        Assert.Null(duringRun.Warnings);
        Assert.Equal(RunRecord.CurrentListingApiRevision, finished.ListingApiRevision);
        Assert.Equal([new RunWarning(RunWarningCodes.MarketTruncated, "Market 07030 ...")], finished.Warnings);
    }

    [Fact]
    public async Task GetAsync_Revision1Item_ReadsWithNumericRosterIdsAsRevision1()
    {
        var table = await dynalite.CreateRunsTableAsync();
        var store = new DynamoRunStore(dynalite.Dynamo, table);
        await store.CreateAsync(Samples.Queued("run-old", T0), CancellationToken.None);
        await dynalite.Dynamo.UpdateItemAsync(new Amazon.DynamoDBv2.Model.UpdateItemRequest
        {
            TableName = table,
            Key = new() { ["runId"] = new() { S = "run-old" } },
            UpdateExpression = "SET #request = :r",
            ExpressionAttributeNames = new() { ["#request"] = "request" },
            ExpressionAttributeValues = new()
            {
                [":r"] = new() { S = """{"tiers":[{"name":"A","minVolume":40000000,"minSides":null}],"soldSince":"2025-11-23","asOf":"2026-11-23","includeActive":false,"selectedTiers":["A"],"markets":null,"roster":[884288],"maxPages":19}""" },
            },
        }, CancellationToken.None);

        var old = (await store.GetAsync("run-old", CancellationToken.None))!;

        Assert.Equal(1, old.EffectiveListingApiRevision);
        Assert.Equal([new Core.Listings.RosterEntry("884288", null)], old.Request.Roster!);
    }
}

using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PropGrade.Aws.Runs;
using PropGrade.Aws.Storage;
using PropGrade.Aws.Tests.Peers;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Core.Secrets;
using PropGrade.Functions.Tests.Harness;
using PropGrade.ListingApi;
using PropGrade.Local.Orchestration;
using PropGrade.Simulator;

namespace PropGrade.Functions.Tests.Workflow;

/// <summary>
/// The synthesized state machine, executed by aws-local-stepfunctions with every Lambda task bound to the real
/// handlers, against s3rver, dynalite and the simulator, compared with the local orchestrator on an identical
/// simulator (same seed, same fault seed: each URL's n-th request meets the same fault).
/// </summary>
[Trait("Category", "Integration")]
public sealed class StateMachineEndToEndTests(S3rverFixture s3rver, DynaliteFixture dynalite)
    : IClassFixture<S3rverFixture>, IClassFixture<DynaliteFixture>
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static SimulatorOptions World(int agents) => new()
    {
        Agents = agents,
        Seed = 11,
        FaultSeed = 9,
        Today = Today,
        Faults = FaultRates.None with { Http503 = 0.25 },
    };

    [Fact]
    public async Task SynthesizedWorkflow_WithRealHandlers_GradesExactlyLikeTheLocalOrchestrator()
    {
        await using var aws = await AwsWorld.StartAsync(s3rver, dynalite, World(400), agentsPerBatch: 20);
        var request = await DefaultRequestAsync(aws.Simulator);
        var runId = await aws.Host.Launcher.LaunchAsync(request, RunTrigger.Api, CancellationToken.None);

        var execution = await aws.ExecuteAsync(runId);

        Assert.True((string?)execution["status"] == "SUCCEEDED", execution.ToJsonString());
        var record = (await aws.Host.Runs.GetAsync(runId, CancellationToken.None))!;
        var items = (await aws.Host.Workspace.ReadItemsAsync(runId, CancellationToken.None))!;
        Assert.InRange(items.Count, 100, 300);
        var results = new List<AgentResult>();
        await foreach (var r in aws.Host.Workspace.ReadResultsAsync(runId, CancellationToken.None))
        {
            results.Add(r);
        }

        // Every agent is reported; the ones whose pages failed are caught, incomplete, with the failure's reason.
        Assert.Equal(items.Select(i => i.AdvertiserId).Order(), results.Select(r => r.AdvertiserId).Order());
        var failed = results.Where(r => !r.Complete && r.StopReason.StartsWith("http_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(failed);
        Assert.Equal(RunStatus.Partial, record.Status);
        Assert.Equal(items.Count, record.Counters.AgentsDiscovered);
        Assert.Equal(items.Count, record.Counters.AgentsDone);
        Assert.Equal(results.Count(r => !r.Complete), record.Counters.AgentsIncomplete);
        Assert.Equal(["contacts.csv", "graded.csv", "graded.xlsx", "summary.json"], record.Exports.Order());

        // The same request through the local orchestrator, against an identical simulator.
        var local = await RunLocallyAsync(request);
        foreach (var name in new[] { "graded.csv", "summary.json", "graded.xlsx", "contacts.csv" })
        {
            var awsBytes = await ReadAsync(aws.Host.Exports, runId, name);
            var localBytes = await ReadAsync(local.Exports, local.RunId, name);
            Assert.True(awsBytes.SequenceEqual(localBytes), $"{name} differs between the state machine and the local orchestrator");
        }

        // The key never travels: not in state payloads, raw records, exports or the run record.
        var key = aws.Simulator.Options.ApiKey;
        Assert.True(aws.Extension.Requests >= 1, "the key came through the secrets extension");
        Assert.DoesNotContain(aws.Handlers.Payloads, p => p.Input.Contains(key, StringComparison.Ordinal) || p.Output.Contains(key, StringComparison.Ordinal));
        await foreach (var raw in aws.Host.RawStore.ReadAsync(runId, CancellationToken.None))
        {
            Assert.DoesNotContain(key, JsonSerializer.Serialize(raw.ResponseHeaders) + raw.Url + Encoding.UTF8.GetString(raw.Body), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(key, JsonSerializer.Serialize(record, CoreJsonContext.Default.RunRecord), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizedWorkflow_StageLambdaFailsForABatch_BatchIsCaughtAndItsAgentsReported()
    {
        await using var aws = await AwsWorld.StartAsync(s3rver, dynalite, World(60), agentsPerBatch: 10);
        var request = await DefaultRequestAsync(aws.Simulator);
        var runId = await aws.Host.Launcher.LaunchAsync(request, RunTrigger.Api, CancellationToken.None);
        // The first batch's profile stage crashes on every attempt (as an unexpected exception would).
        string? victim = null;
        aws.Handlers.InjectFailure = (string call) =>
        {
            if (!call.StartsWith("ProfileStage ", StringComparison.Ordinal))
            {
                return null;
            }

            victim ??= call;
            return call == victim ? new InvalidOperationException("injected crash") : (Exception?)null;
        };

        var execution = await aws.ExecuteAsync(runId);

        Assert.True((string?)execution["status"] == "SUCCEEDED", execution.ToJsonString());
        var batch = JsonNode.Parse(victim!["ProfileStage ".Length..])!["Items"]!.AsArray().Select(i => (string)i!["advertiserId"]!).ToHashSet(StringComparer.Ordinal);
        var results = new List<AgentResult>();
        await foreach (var r in aws.Host.Workspace.ReadResultsAsync(runId, CancellationToken.None))
        {
            results.Add(r);
        }

        var caught = results.Where(r => batch.Contains(r.AdvertiserId)).ToList();
        Assert.Equal(batch.Count, caught.Count);
        Assert.All(caught, r => Assert.Equal("batch_failed:InvalidOperationException", r.StopReason));
        Assert.All(caught, r => Assert.False(r.Complete));
        var record = (await aws.Host.Runs.GetAsync(runId, CancellationToken.None))!;
        Assert.Equal(RunStatus.Partial, record.Status);
        var summary = JsonNode.Parse(await ReadAsync(aws.Host.Exports, runId, "summary.json"))!;
        Assert.Contains("batch_failed:InvalidOperationException", summary.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task<RunRequest> DefaultRequestAsync(SimulatorHost simulator)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        // The biggest markets holding at least half of the world: a few discovery pages, a few hundred agents.
        var all = (await http.GetFromJsonAsync<JsonObject>("__sim/markets"))!["markets"]!.AsArray()
            .Select(m => (Zip: (string)m!["postal_code"]!, Agents: (int)m["agents"]!))
            .OrderByDescending(m => m.Agents).ThenBy(m => m.Zip, StringComparer.Ordinal).ToList();
        var half = all.Sum(m => m.Agents) / 2;
        var markets = new List<string>();
        var covered = 0;
        foreach (var (zip, agents) in all.TakeWhile(_ => covered < half))
        {
            markets.Add(zip);
            covered += agents;
        }

        return new RunDefaults(Today, markets).CreateDefaultRequest();
    }

    private async Task<(string RunId, S3ExportStore Exports)> RunLocallyAsync(RunRequest request)
    {
        await using var simulator = await SimulatorHost.StartAsync(World(400));
        var bucket = await s3rver.CreateBucketAsync();
        var runs = new DynamoRunStore(dynalite.Dynamo, await dynalite.CreateRunsTableAsync());
        var workspace = new S3RunWorkspace(s3rver.S3, bucket);
        var exports = new S3ExportStore(s3rver.S3, new S3ExportStoreOptions { Bucket = bucket, UseHttp = true }, TimeProvider.System);
        var raw = new S3RawStore(s3rver.S3, bucket);
        using var client = new ListingApiClient(
            new ListingApiOptions { BaseAddress = simulator.BaseAddress, Host = simulator.Options.Host, RequestsPerSecond = 1000, MaxRetryAttempts = 2 },
            new FixedKey(simulator.Options.ApiKey),
            TimeProvider.System);
        const string runId = "local-reference";
        await runs.CreateAsync(new RunRecord(runId, RunStatus.Queued, request, RunTrigger.Cli, TimeProvider.System.GetUtcNow(), null, null, RunCounters.Zero, new Dictionary<string, int>(), null, []), CancellationToken.None);
        var orchestrator = new LocalOrchestrator(runs, workspace, exports, TimeProvider.System, new OrchestratorOptions { Concurrency = 4, BatchSize = 10 });
        var record = await orchestrator.ExecuteAsync(runId, new RunExecution(client, simulator.Today, raw, null), null, CancellationToken.None);
        Assert.Equal(RunStatus.Partial, record.Status);
        return (runId, exports);
    }

    private static async Task<byte[]> ReadAsync(IExportStore store, string runId, string name)
    {
        await using var stream = await store.OpenReadAsync(runId, name, CancellationToken.None);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private sealed class FixedKey(string key) : IApiKeyProvider
    {
        public ValueTask<string> GetApiKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(key);
    }
}

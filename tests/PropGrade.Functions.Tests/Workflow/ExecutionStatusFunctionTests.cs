using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PropGrade.Aws;
using PropGrade.Aws.Tests.Peers;
using PropGrade.Core.Runs;
using Microsoft.Extensions.Logging;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Tests.Harness;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions.Tests.Workflow;

/// <summary>
/// The run-ended rule's target, the real handler against dynalite, fed the EventBridge events Step Functions sends
/// ("Step Functions Execution Status Change", one sample file per status, shaped as AWS documents them).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ExecutionStatusFunctionTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private const string RunId = "20270101T060000Z-0a1b2c3d";
    private static readonly DateTimeOffset CreatedAt = new(2027, 1, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EventHandledAt = new(2027, 1, 1, 11, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("execution-failed.json", RunStatus.Running,
        "execution FAILED (3f1c9a2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b): States.Runtime: An error occurred while executing the state 'Aggregate'")]
    [InlineData("execution-timed-out.json", RunStatus.Running, "execution TIMED_OUT (9b8a7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d)")]
    [InlineData("execution-aborted.json", RunStatus.Queued,
        "execution ABORTED (5d6e7f8a-9b0c-4d1e-8f2a-3b4c5d6e7f8a): OperatorStop: Stopped by the operator: wrong markets")]
    public async Task Handler_UnsuccessfulEnd_MarksTheRunFailedWithTheStatusAndReason(string sample, RunStatus before, string reasonStart)
    {
        await using var world = await WorldAsync();
        await world.SeedAsync(before);

        var output = await world.InvokeAsync(await SampleAsync(sample));

        Assert.Equal(RunId, (string?)output["runId"]);
        Assert.Equal(ExecutionStatusRecorder.MarkedFailed, (string?)output["outcome"]);
        Assert.Equal("FAILED", (string?)output["runStatus"]);
        var record = (await world.Host.Runs.GetAsync(RunId, CancellationToken.None))!;
        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.StartsWith(reasonStart, record.Error, StringComparison.Ordinal);
        Assert.Equal(EventHandledAt, record.FinishedAt);
        Assert.Null(await world.Host.KeyLock.HolderAsync(CancellationToken.None));
        var ended = Assert.Single(world.Log.Entries, e => e.Message.StartsWith("Execution ", StringComparison.Ordinal));
        Assert.Equal(RunId, ended.Scope["runId"]);
        Assert.Contains(ExecutionStatusRecorder.MarkedFailed, ended.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Information, ended.Level);
    }

    [Fact]
    public async Task Handler_SameEventTwice_WritesOnceAndLeavesTheLockFree()
    {
        await using var world = await WorldAsync();
        await world.SeedAsync(RunStatus.Running);
        var timedOut = await SampleAsync("execution-timed-out.json");

        await world.InvokeAsync(timedOut);
        var first = (await world.Host.Runs.GetAsync(RunId, CancellationToken.None))!;
        Assert.Null(await world.Host.KeyLock.HolderAsync(CancellationToken.None));
        world.Time.Advance(TimeSpan.FromMinutes(3));
        var again = await world.InvokeAsync(timedOut);

        Assert.Equal(ExecutionStatusRecorder.AlreadyFinal, (string?)again["outcome"]);
        Assert.Equal("FAILED", (string?)again["runStatus"]);
        var second = (await world.Host.Runs.GetAsync(RunId, CancellationToken.None))!;
        Assert.Equal(first.FinishedAt, second.FinishedAt);
        Assert.Equal(first.Error, second.Error);
        Assert.Null(await world.Host.KeyLock.HolderAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Handler_RunAlreadyMarkedByTheWorkflowsCatch_KeepsItsError()
    {
        await using var world = await WorldAsync();
        await world.SeedAsync(RunStatus.Running);
        const string caught = "ApiAuthException: The listing API refused the key (401).";
        await world.Host.Runs.FinishAsync(RunId, new RunOutcome(RunStatus.Failed, CreatedAt.AddHours(1), new Dictionary<string, int>(), [], caught), CancellationToken.None);

        var output = await world.InvokeAsync(await SampleAsync("execution-failed.json"));

        Assert.Equal(ExecutionStatusRecorder.AlreadyFinal, (string?)output["outcome"]);
        var record = (await world.Host.Runs.GetAsync(RunId, CancellationToken.None))!;
        Assert.Equal(caught, record.Error);
        Assert.Equal(CreatedAt.AddHours(1), record.FinishedAt);
        Assert.Null(await world.Host.KeyLock.HolderAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(RunStatus.Succeeded)]
    [InlineData(RunStatus.Partial)]
    public async Task Handler_RunThatFinished_IsNeverOverwritten(RunStatus final)
    {
        // An Aggregate that completed while the execution was being stopped: its result stands.
        await using var world = await WorldAsync();
        await world.SeedAsync(RunStatus.Running);
        var tiers = new Dictionary<string, int> { ["A"] = 3 };
        await world.Host.Runs.FinishAsync(RunId, new RunOutcome(final, CreatedAt.AddHours(2), tiers, ["graded.csv"], null), CancellationToken.None);

        var output = await world.InvokeAsync(await SampleAsync("execution-aborted.json"));

        Assert.Equal(ExecutionStatusRecorder.AlreadyFinal, (string?)output["outcome"]);
        Assert.Equal(final.ToString().ToUpperInvariant(), (string?)output["runStatus"]);
        var record = (await world.Host.Runs.GetAsync(RunId, CancellationToken.None))!;
        Assert.Equal(final, record.Status);
        Assert.Null(record.Error);
        Assert.Equal(["graded.csv"], record.Exports);
    }

    [Fact]
    public async Task Handler_UnknownRun_CreatesNothing()
    {
        await using var world = await WorldAsync();

        var output = await world.InvokeAsync(await SampleAsync("execution-failed.json"));

        Assert.Equal(ExecutionStatusRecorder.NoRecord, (string?)output["outcome"]);
        Assert.Null(await world.Host.Runs.GetAsync(RunId, CancellationToken.None));
        Assert.Empty(await world.Host.Runs.ListAsync(10, CancellationToken.None));
    }

    [Theory]
    [InlineData("{\"BatchInput\":{\"runId\":\"" + RunId + "\"},\"Items\":[]}")] // a Map child's input: not a run's execution
    [InlineData("not json")]
    [InlineData("")]
    public async Task Handler_InputNamingNoRun_FailsSoTheEventReachesTheDeadLetterQueue(string input)
    {
        await using var world = await WorldAsync();
        await world.SeedAsync(RunStatus.Running);
        var sample = await SampleAsync("execution-failed.json");
        sample["detail"]!["input"] = input;

        var error = await Assert.ThrowsAsync<ExecutionNotARunException>(() => world.InvokeAsync(sample));

        Assert.Contains("3f1c9a2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", error.Message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Running, (await world.Host.Runs.GetAsync(RunId, CancellationToken.None))!.Status);
        var logged = world.Log.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.NotEmpty(logged);
        Assert.All(logged, e => Assert.IsType<ExecutionNotARunException>(e.Exception));
        Assert.Contains(logged, e => e.Message.Contains("3f1c9a2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", StringComparison.Ordinal));
        Assert.Equal(RunId, (await world.Host.KeyLock.HolderAsync(CancellationToken.None))?.OwnerId);
    }

    [Fact]
    public async Task Handler_SucceededOrRunningStatus_IsIgnored()
    {
        await using var world = await WorldAsync();
        await world.SeedAsync(RunStatus.Running);
        var sample = await SampleAsync("execution-failed.json");
        sample["detail"]!["status"] = "SUCCEEDED";

        var output = await world.InvokeAsync(sample);

        Assert.Equal(ExecutionStatusRecorder.Ignored, (string?)output["outcome"]);
        Assert.Equal(RunStatus.Running, (await world.Host.Runs.GetAsync(RunId, CancellationToken.None))!.Status);
        Assert.Equal(RunId, (await world.Host.KeyLock.HolderAsync(CancellationToken.None))?.OwnerId);
    }

    [Fact]
    public void EndedStatuses_AreExactlyTheOnesTheRuleMatches()
    {
        Assert.Equal(Cdk.Workflow.EndedUnsuccessfully.Order(), ExecutionStatusRecorder.EndedUnsuccessfully.Order());
    }

    [Fact]
    public void Reason_LongCause_IsCutAtAThousandCharacters()
    {
        var detail = new Messages.ExecutionStatusDetail("arn", "sm", "n", "FAILED", null, null, null, null, "States.Runtime", new string('x', 5000));
        var reason = ExecutionStatusRecorder.Reason(detail);
        Assert.Equal(1000, reason.Length);
        Assert.StartsWith("execution FAILED (n): States.Runtime: xxx", reason, StringComparison.Ordinal);
    }

    private static async Task<JsonObject> SampleAsync(string name) =>
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflow", "Samples", name)))!.AsObject();

    private async Task<World> WorldAsync()
    {
        var settings = new FunctionSettings
        {
            RawBucket = "raw",
            WorkBucket = "work",
            ExportsBucket = "exports",
            RunsTable = await dynalite.CreateRunsTableAsync(),
        }.Validate();
        var time = new FakeTimeProvider(EventHandledAt);
        // S3 is never called by this handler: a closed loopback port proves it.
        var log = new RecordingLoggerProvider();
        var logging = LoggerFactory.Create(b => b.AddProvider(log));
        var host = new FunctionHost(settings, new AwsClientOptions { S3ServiceUrl = new Uri("http://127.0.0.1:9"), DynamoDbServiceUrl = dynalite.ServiceUrl }, time, logging, TextWriter.Null);
        return new World(host, time, log, logging);
    }

    private sealed class World : IAsyncDisposable
    {
        private readonly ExecutionStatusFunction function;

        private readonly ILoggerFactory logging;

        public World(FunctionHost host, FakeTimeProvider time, RecordingLoggerProvider log, ILoggerFactory logging)
        {
            Host = host;
            Time = time;
            Log = log;
            this.logging = logging;
            function = new ExecutionStatusFunction(host);
        }

        public FunctionHost Host { get; }

        public FakeTimeProvider Time { get; }

        public RecordingLoggerProvider Log { get; }

        public async Task SeedAsync(RunStatus status)
        {
            var request = new RunDefaults(new DateOnly(2027, 1, 1), ["07030"]).CreateDefaultRequest();
            await Host.Runs.CreateAsync(new RunRecord(RunId, RunStatus.Queued, request, RunTrigger.Schedule, CreatedAt, null, null, RunCounters.Zero, new Dictionary<string, int>(), null, []), CancellationToken.None);
            if (status == RunStatus.Running)
            {
                Assert.True(await Host.Runs.TryStartAsync(RunId, [RunStatus.Queued], CreatedAt.AddMinutes(1), CancellationToken.None));
            }

            // The run holds its API key's lock (taken at start, and for a queued run already refused, by nobody else).
            await Host.KeyLock.AcquireAsync(RunId, CancellationToken.None);
        }

        public async Task<JsonObject> InvokeAsync(JsonObject statusEvent)
        {
            await using var input = new MemoryStream(Encoding.UTF8.GetBytes(statusEvent.ToJsonString()));
            await using var output = await function.Handler(input);
            return JsonNode.Parse(output)!.AsObject();
        }

        public ValueTask DisposeAsync()
        {
            Host.Dispose();
            logging.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

using PropGrade.Core.Runs;
using PropGrade.Local.Orchestration;
using PropGrade.Local.Tests.Integration;
using PropGrade.Simulator;

namespace PropGrade.Local.Tests.Orchestration;

/// <summary>
/// One executor per run (issue 12 item 2) and one run per API key, on one data directory shared by several engines (as
/// several processes would share it), against one simulator over HTTP whose request log says which calls were made.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RunLeaseTests : IDisposable
{
    private const string KeyVariable = "PROPGRADE_TEST_RUN_LEASE_KEY";
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-lease-").FullName;

    public RunLeaseTests() => Environment.SetEnvironmentVariable(KeyVariable, new SimulatorOptions().ApiKey);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LocalEngine Engine(SimulatorHost simulator, string name) => new(new LocalEngineOptions
    {
        DataDir = _dir,
        ApiBase = simulator.BaseAddress,
        ApiKeyEnvironmentVariable = KeyVariable,
        Host = simulator.Options.Host,
        RequestsPerSecond = 2_000,
        Concurrency = 4,
        BatchSize = 10,
        Executor = new LocalExecutor(name + ":1", "propgrade " + name),
    });

    private static Task<SimulatorHost> SimulatorAsync() =>
        SimulatorHost.StartAsync(new SimulatorOptions { Agents = 300, Today = Today, Latency = TimeSpan.FromMilliseconds(3) });

    [Fact]
    public async Task ExecuteAsync_TwoConcurrentResumes_OneExecutesTheOtherIsRefusedNamingItAndEachCallIsMadeOnce()
    {
        await using var simulator = await SimulatorAsync();
        string runId;
        await using (var first = Engine(simulator, "first"))
        {
            runId = await first.SubmitAsync((await first.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
            using var kill = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.ExecuteAsync(runId, new At(p => p.AgentsDone >= 60, kill.Cancel), kill.Token));
        }

        var beforeResumes = (await SimOracle.RequestsAsync(simulator.BaseAddress)).Count;
        await using var second = Engine(simulator, "second");
        await using var third = Engine(simulator, "third");
        var grading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // `run --resume` twice at once: the second executor is in the middle of grading when the third asks.
        var running = Task.Run(() => second.ExecuteAsync(runId, new At(p => p.Phase == RunPhases.Grading, () => grading.TrySetResult()), default));
        await grading.Task;
        var refused = await Assert.ThrowsAsync<RunLeaseHeldException>(() => third.ExecuteAsync(runId, null, default));
        var finished = await running;

        Assert.Equal("second:1", refused.Holder.OwnerId);
        Assert.Contains("propgrade second", refused.Message, StringComparison.Ordinal);
        Assert.Contains(finished.Status, new[] { RunStatus.Succeeded, RunStatus.Partial });
        var resumed = (await SimOracle.RequestsAsync(simulator.BaseAddress)).Skip(beforeResumes).ToList();
        Assert.NotEmpty(resumed);
        Assert.Equal(resumed.Count, resumed.Distinct(StringComparer.Ordinal).Count());
        Assert.Null(await second.Leases.GetAsync(LeaseNames.Run(runId), default));
    }

    [Fact]
    public async Task ExecuteAsync_LiveLeaseOfAnotherProcess_IsRefusedBeforeAnyCall()
    {
        await using var simulator = await SimulatorAsync();
        await using var engine = Engine(simulator, "mine");
        var runId = await engine.SubmitAsync((await engine.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
        var holder = new LeaseHolder("other-host:4242:1:1", "propgrade on other-host (pid 4242)", runId);
        Assert.True((await engine.Leases.TryAcquireAsync(LeaseNames.Run(runId), holder, TimeSpan.FromMinutes(1), TimeProvider.System.GetUtcNow(), default)).Acquired);

        var refused = await Assert.ThrowsAsync<RunLeaseHeldException>(() => engine.ExecuteAsync(runId, null, default));

        Assert.Contains("propgrade on other-host (pid 4242)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await SimOracle.RequestsAsync(simulator.BaseAddress));
        Assert.Equal(RunStatus.Queued, (await engine.Runs.GetAsync(runId, default))!.Status);
        Assert.Equal(holder.OwnerId, (await engine.Leases.GetAsync(LeaseNames.Run(runId), default))?.OwnerId);
    }

    [Fact]
    public async Task ExecuteAsync_LeaseOfADeadProcess_ExpiredAndTheRunIsResumed()
    {
        await using var simulator = await SimulatorAsync();
        await using var engine = Engine(simulator, "mine");
        var runId = await engine.SubmitAsync((await engine.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
        // Taken an hour ago with a 30-second lease, never renewed: its process died.
        var dead = new LeaseHolder("other-host:4242:1:1", "propgrade on other-host (pid 4242)", runId);
        await engine.Leases.TryAcquireAsync(LeaseNames.Run(runId), dead, TimeSpan.FromSeconds(30), TimeProvider.System.GetUtcNow().AddHours(-1), default);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Contains(record.Status, new[] { RunStatus.Succeeded, RunStatus.Partial });
        Assert.NotEmpty(await SimOracle.RequestsAsync(simulator.BaseAddress));
        Assert.Null(await engine.Leases.GetAsync(LeaseNames.Run(runId), default));
    }

    [Fact]
    public async Task ExecuteAsync_AnotherProcessesRunHoldsTheApiKey_FreshRunIsRejectedNamingItWithoutACall()
    {
        await using var simulator = await SimulatorAsync();
        await using var engine = Engine(simulator, "mine");
        var runId = await engine.SubmitAsync((await engine.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
        var keyName = LeaseNames.ApiKey(simulator.BaseAddress.GetLeftPart(UriPartial.Authority));
        var other = new LeaseHolder("other-host:4242:1:1", "propgrade on other-host (pid 4242)", "20261123T000000Z-other");
        await engine.Leases.TryAcquireAsync(keyName, other, TimeSpan.FromMinutes(1), TimeProvider.System.GetUtcNow(), default);

        var holder = await engine.ApiKeyHolderAsync(default);
        var refused = await Assert.ThrowsAsync<ApiKeyLockedException>(() => engine.ExecuteAsync(runId, null, default));

        Assert.Equal("20261123T000000Z-other", holder?.RunId);
        Assert.Equal("20261123T000000Z-other", refused.HolderRunId);
        var record = (await engine.Runs.GetAsync(runId, default))!;
        Assert.Equal(RunStatus.Rejected, record.Status);
        Assert.Contains("20261123T000000Z-other", record.Error, StringComparison.Ordinal);
        Assert.Empty(await SimOracle.RequestsAsync(simulator.BaseAddress));
        // Refused runs take nothing: neither the run's lease nor the key.
        Assert.Null(await engine.Leases.GetAsync(LeaseNames.Run(runId), default));
        Assert.Equal(other.OwnerId, (await engine.Leases.GetAsync(keyName, default))?.OwnerId);
    }

    private sealed class At(Func<RunProgress, bool> when, Action then) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            if (when(value))
            {
                then();
            }
        }
    }
}

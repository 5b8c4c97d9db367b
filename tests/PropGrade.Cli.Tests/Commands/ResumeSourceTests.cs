using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PropGrade.Cli.Commands;
using PropGrade.Cli.Hosting;
using PropGrade.Cli.Output;
using PropGrade.Cli.Tests.Support;
using PropGrade.Core.Runs;
using PropGrade.Local.Runs;
using PropGrade.Simulator;

namespace PropGrade.Cli.Tests.Commands;

/// <summary>
/// Issue 12, defect 1: a run started with <c>--api-base</c>, interrupted and resumed without it graded the rest against the
/// embedded simulator. The run record now pins its source; a resume against another one is refused before any call.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ResumeSourceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pg-source-").FullName;

    private string DataDir => Path.Combine(_root, "data");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static CliContext Context(StringWriter output, StringWriter error, ShutdownSignals? signals = null) => new(output, error, null)
    {
        Signals = signals,
        ConfigureEngine = o => o.Simulator = new SimulatorOptions { Agents = 150, Today = SourceSimulator.Today, RequestLogCapacity = 0 },
    };

    [Fact]
    public async Task RunResume_WithoutTheApiBaseItWasStartedWith_RefusedNothingCalledThenSameApiBaseCompletesAtOracleMinimum()
    {
        await using var sim = await SourceSimulator.StartAsync();
        using var signals = new ShutdownSignals(TimeProvider.System, _ => { });
        var error = new StringWriter();
        var started = CliApp.InvokeAsync(["run", .. sim.ApiFlags, "--data-dir", DataDir], Context(new StringWriter(), error, signals), signals.Stopping);
        await sim.WaitForRequestsAsync(200, TimeSpan.FromSeconds(60));
        signals.Signal(PosixSignal.SIGINT);
        Assert.Equal(ExitCodes.Interrupted, await started);
        var hint = error.ToString().Split('\n').Single(l => l.StartsWith(RunCommand.ResumeHintPrefix, StringComparison.Ordinal)).Trim();
        var runId = hint.Split(' ')[6];
        Assert.Equal($"{RunCommand.ResumeHintPrefix}propgrade run --resume {runId} --data-dir \"{Path.GetFullPath(DataDir)}\" --api-base {sim.BaseAddress.AbsoluteUri} --api-key-env {SourceSimulator.KeyVariable}", hint);
        var store = new SqliteRunStore(DataDir);
        var interrupted = (await store.GetAsync(runId, default))!;
        Assert.Equal(RunStatus.Running, interrupted.Status);
        Assert.Equal(RunSource.ForApi(sim.BaseAddress, "realty-in-us.p.rapidapi.com"), interrupted.Source);
        Assert.InRange(interrupted.Counters.AgentsDone, 1, interrupted.Counters.AgentsDiscovered - 1);
        var callsBefore = await sim.RequestsAsync();

        var refusedError = new StringWriter();
        var refused = await CliApp.InvokeAsync(["run", "--resume", runId, "--data-dir", DataDir], Context(new StringWriter(), refusedError));

        Assert.Equal(ExitCodes.BadInput, refused);
        var message = refusedError.ToString();
        Assert.Contains(sim.BaseAddress.AbsoluteUri, message, StringComparison.Ordinal);
        Assert.Contains("embedded simulator (seed 42, 150 agents)", message, StringComparison.Ordinal);
        Assert.Equal(callsBefore, await sim.RequestsAsync());
        var untouched = (await store.GetAsync(runId, default))!;
        Assert.Equal(RunStatus.Running, untouched.Status);
        Assert.Equal(interrupted.Counters, untouched.Counters);

        var resumed = await CliApp.InvokeAsync(["run", "--resume", runId, .. sim.ApiFlags, "--data-dir", DataDir], Context(new StringWriter(), new StringWriter()));

        Assert.Equal(ExitCodes.For(await sim.AssertCompletedWithOracleMinimumAsync(DataDir, runId)), resumed);
    }

    [Fact]
    public async Task RunResume_RecordWithoutSource_RefusedUnlessAdoptSource()
    {
        var run = await CliApp.InvokeAsync(["run", "--data-dir", DataDir, "--json"], Context(new StringWriter(), new StringWriter()));
        Assert.Equal(ExitCodes.Succeeded, run);
        var runId = (await new SqliteRunStore(DataDir).ListAsync(1, default))[0].RunId;
        // As a build before sources were pinned left it: unfinished, no source.
        using (var db = new SqliteConnection($"Data Source={Path.Combine(DataDir, "propgrade.db")};Pooling=false"))
        {
            db.Open();
            using var update = db.CreateCommand();
            update.CommandText = "UPDATE runs SET status = 'Running', source_json = NULL";
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        var error = new StringWriter();
        var refused = await CliApp.InvokeAsync(["run", "--resume", runId, "--data-dir", DataDir], Context(new StringWriter(), error));

        Assert.Equal(ExitCodes.BadInput, refused);
        Assert.Contains("--adopt-source", error.ToString(), StringComparison.Ordinal);
        Assert.Null((await new SqliteRunStore(DataDir).GetAsync(runId, default))!.Source);

        var adopted = await CliApp.InvokeAsync(["run", "--resume", runId, "--adopt-source", "--data-dir", DataDir], Context(new StringWriter(), new StringWriter()));

        Assert.Equal(ExitCodes.Succeeded, adopted);
        Assert.Equal(RunSource.Embedded(42, 150), (await new SqliteRunStore(DataDir).GetAsync(runId, default))!.Source);
    }
}

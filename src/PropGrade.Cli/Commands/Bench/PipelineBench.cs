using System.Diagnostics;
using System.Globalization;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Local;
using PropGrade.Simulator;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// The pipeline benchmarks, each against the embedded simulator over real HTTP, each printing its figures and target:
/// (1) API calls versus the truth's minimum plus discovery, and versus the revision-1 strategy (a get-profile call per agent); (2) wall time at a fixed rate
/// and latency versus calls / R; (3) 10,000 agents end to end with raw capture: wall and peak resident memory;
/// (4) regrade of that run.
/// </summary>
internal sealed class PipelineBench(PipelineBenchSettings settings, TextWriter output)
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private bool _allPassed = true;

    public async Task<bool> RunAsync(CancellationToken ct)
    {
        await output.WriteLineAsync($"propgrade bench pipeline ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
        string? scaleRun = null;
        string? scaleDir = null;
        foreach (var section in settings.Sections)
        {
            switch (section)
            {
                case "calls":
                    await CallsAsync(ct);
                    break;
                case "rate":
                    await RateAsync(ct);
                    break;
                case "scale":
                    (scaleRun, scaleDir) = await ScaleAsync(ct);
                    break;
                case "regrade":
                    if (scaleRun is null)
                    {
                        (scaleRun, scaleDir) = await ScaleAsync(ct);
                    }

                    await RegradeAsync(scaleRun, scaleDir!, ct);
                    break;
            }
        }

        await output.WriteLineAsync(_allPassed ? "All targets met." : "Some targets were missed (see FAIL above).");
        return _allPassed;
    }

    private string NewDataDir(string name)
    {
        var dir = Path.Combine(settings.DataDir, name);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        return dir;
    }

    private async Task CallsAsync(CancellationToken ct)
    {
        var (calls, discovery, minCalls, agents) = await CallsRunAsync(profileCallPerAgent: false, ct);
        var (revision1Calls, _, _, _) = await CallsRunAsync(profileCallPerAgent: true, ct);
        var bound = minCalls + discovery;
        var ratio = (double)calls / bound;
        var versusRevision1 = (double)calls / revision1Calls;
        Check(ratio <= 1.02, string.Create(CultureInfo.InvariantCulture,
            $"[1] calls ({agents:N0} agents, default tiers, default world): {calls:N0} API calls served (server side) vs sum(min_calls) {minCalls:N0} + discovery {discovery:N0} = {bound:N0}: {ratio:0.000}x (target <= 1.02x)"));
        Check(versusRevision1 <= 0.60, string.Create(CultureInfo.InvariantCulture,
            $"    vs the revision-1 strategy (one get-profile call per agent, same run): {revision1Calls:N0} calls; this run made {calls:N0} = {versusRevision1:0.000}x (target <= 0.60x), saving {revision1Calls - calls:N0}"));
    }

    /// <summary>One default run on a fresh embedded world; the calls the simulator served, its discovery calls and the truth's minimum.</summary>
    private async Task<(long Calls, long Discovery, long MinCalls, int Agents)> CallsRunAsync(bool profileCallPerAgent, CancellationToken ct)
    {
        await using var engine = new LocalEngine(new LocalEngineOptions
        {
            DataDir = NewDataDir(profileCallPerAgent ? "calls-rev1" : "calls"),
            Simulator = new SimulatorOptions { Agents = settings.CallsAgents, Today = Today, RequestLogCapacity = 0 },
            Concurrency = settings.Concurrency,
            RawStoreFactory = _ => null,
            ProfileCallPerAgent = profileCallPerAgent,
        });
        var connection = await engine.ConnectAsync(ct);
        var request = new RunDefaults(connection.ApiToday, connection.Markets).CreateDefaultRequest();
        var runId = await engine.SubmitAsync(request, RunTrigger.Cli, ct);
        var record = await engine.ExecuteAsync(runId, null, ct);
        using var probe = new SimulatorProbe(engine.Simulator!.BaseAddress);
        var byEndpoint = await probe.RequestsByEndpointAsync(ct);
        var served = byEndpoint.Where(e => e.Key.StartsWith("/agents/", StringComparison.Ordinal)).Sum(e => e.Value);
        var discovery = byEndpoint.GetValueOrDefault("/agents/list");
        var minCalls = profileCallPerAgent ? 0 : await probe.TotalMinCallsAsync(GradingPlan.From(request, connection.ApiToday), ct);
        return (served, discovery, minCalls, record.Counters.AgentsDiscovered);
    }

    private async Task RateAsync(CancellationToken ct)
    {
        await using var engine = new LocalEngine(new LocalEngineOptions
        {
            DataDir = NewDataDir("rate"),
            Simulator = new SimulatorOptions
            {
                Agents = settings.RateAgents,
                Today = Today,
                RatePerSecond = settings.Rate,
                Latency = TimeSpan.FromMilliseconds(settings.LatencyMs),
                RequestLogCapacity = 0,
            },
            RequestsPerSecond = settings.Rate,
            Concurrency = settings.Concurrency,
            RawStoreFactory = _ => null,
        });
        var defaults = await engine.GetDefaultsAsync(ct);
        var runId = await engine.SubmitAsync(defaults.CreateDefaultRequest(), RunTrigger.Cli, ct);
        var clock = Stopwatch.StartNew();
        var record = await engine.ExecuteAsync(runId, null, ct);
        var wall = clock.Elapsed.TotalSeconds;
        using var probe = new SimulatorProbe(engine.Simulator!.BaseAddress);
        var served = (await probe.RequestsByEndpointAsync(ct)).Values.Sum();
        var ideal = served / settings.Rate;
        Check(wall <= 1.10 * ideal, string.Create(CultureInfo.InvariantCulture,
            $"[2] rate (R = {settings.Rate:0.#} req/s, {settings.LatencyMs} ms latency, {settings.RateAgents:N0} agents): {served:N0} calls in {wall:0.0} s; calls/R = {ideal:0.0} s; wall = {wall / ideal:0.000}x (target <= 1.10x); {record.Counters.Throttled:N0} x 429, status {record.Status}"));
    }

    private async Task<(string RunId, string DataDir)> ScaleAsync(CancellationToken ct)
    {
        var dataDir = NewDataDir("scale");
        await using var engine = new LocalEngine(new LocalEngineOptions
        {
            DataDir = dataDir,
            Simulator = new SimulatorOptions { Agents = settings.ScaleAgents, Today = Today, RequestLogCapacity = 0 },
            Concurrency = settings.Concurrency,
        });
        var defaults = await engine.GetDefaultsAsync(ct);
        GC.Collect();
        var reset = ProcessMemory.TryResetPeak();
        var runId = await engine.SubmitAsync(defaults.CreateDefaultRequest(), RunTrigger.Cli, ct);
        var clock = Stopwatch.StartNew();
        var record = await engine.ExecuteAsync(runId, null, ct);
        var wall = clock.Elapsed.TotalSeconds;
        var peakMb = ProcessMemory.PeakResidentBytes() / (1024.0 * 1024.0);
        var rawBytes = Directory.Exists(Path.Combine(dataDir, "runs", runId, "raw"))
            ? new DirectoryInfo(Path.Combine(dataDir, "runs", runId, "raw")).GetFiles().Sum(f => f.Length)
            : 0;
        Check(wall <= 60 && peakMb <= 400, string.Create(CultureInfo.InvariantCulture,
            $"[3] scale ({record.Counters.AgentsDone:N0} agents, unthrottled, raw capture on): {wall:0.0} s (target <= 60 s), {record.Counters.ApiCalls:N0} calls = {record.Counters.ApiCalls / wall:N0} calls/s; peak RSS {peakMb:0} MB (target <= 400 MB; {(reset ? "peak reset before the run" : "peak since process start")}, includes the in-process simulator); raw store {rawBytes / (1024.0 * 1024.0):0.0} MB; status {record.Status}"));
        return (runId, dataDir);
    }

    private async Task RegradeAsync(string sourceRunId, string dataDir, CancellationToken ct)
    {
        await using var engine = new LocalEngine(new LocalEngineOptions
        {
            DataDir = dataDir,
            SourceConnector = new NoSource(),
        });
        var source = (await engine.Runs.GetAsync(sourceRunId, ct))!;
        GC.Collect();
        var reset = ProcessMemory.TryResetPeak();
        var clock = Stopwatch.StartNew();
        var runId = await engine.SubmitRegradeAsync(sourceRunId, source.Request, RunTrigger.Cli, ct);
        var record = await engine.ExecuteAsync(runId, null, ct);
        var wall = clock.Elapsed.TotalSeconds;
        var peakMb = ProcessMemory.PeakResidentBytes() / (1024.0 * 1024.0);
        var indexDir = Path.Combine(dataDir, "runs", sourceRunId, "raw-index");
        var indexBytes = Directory.Exists(indexDir) ? new DirectoryInfo(indexDir).GetFiles().Sum(f => f.Length) : 0;
        var same = true;
        foreach (var name in source.Exports)
        {
            same &= File.ReadAllBytes(Path.Combine(engine.FileExports.DirectoryOf(sourceRunId), name))
                .AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(engine.FileExports.DirectoryOf(runId), name)));
        }

        Check(wall <= 15 && same && record.Counters.ApiCalls == 0, string.Create(CultureInfo.InvariantCulture,
            $"[4] regrade ({record.Counters.AgentsDone:N0} agents from the raw store): {wall:0.0} s (target <= 15 s), {record.Counters.ApiCalls} API calls, exports byte-identical: {(same ? "yes" : "NO")}, status {record.Status}; peak RSS {peakMb:0} MB ({(reset ? "peak reset before the regrade" : "peak since process start")}); replay index {indexBytes / 1024.0:N0} KiB = {(double)indexBytes / Math.Max(1, record.Counters.AgentsDone):0} B/agent"));
    }

    private void Check(bool passed, string line)
    {
        _allPassed &= passed;
        output.WriteLine($"{line}  {(passed ? "PASS" : "FAIL")}");
    }

    /// <summary>A regrade never connects; this source says so if anything tries.</summary>
    private sealed class NoSource : Local.Orchestration.ISourceConnector
    {
        public Task<Local.Orchestration.SourceConnection> ConnectAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A regrade makes no API call.");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

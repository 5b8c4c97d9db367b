using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// <c>propgrade bench scale</c>: <c>propgrade simulate</c>, then <c>propgrade run</c> against it, then <c>propgrade
/// regrade</c> of that run, each a child process of this one, so that each one's peak resident memory is its own (the
/// simulator's is not counted). Prints, for the run and its regrade: wall time, agents/s, peak RSS, disk per agent, and
/// the calls the simulator served against the oracle's Σ min_calls (<see cref="SimulatorProbe"/>, as <c>bench
/// pipeline</c> reads it).
/// </summary>
internal sealed class ScaleBench(ScaleBenchSettings settings, TextWriter progress)
{
    private const string Key = "bench-scale-key";
    private const string KeyVariable = "PROPGRADE_BENCH_SCALE_KEY";
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>Runs the three children; the run's and the regrade's figures (the regrade's null when the run failed).</summary>
    public async Task<(ScaleStepFigures Run, ScaleStepFigures? Regrade)> MeasureAsync(CancellationToken ct)
    {
        if (Directory.Exists(settings.DataDir))
        {
            Directory.Delete(settings.DataDir, recursive: true);
        }

        using var simulator = Process.Start(PropGradeProcess.StartInfo(
        [
            "simulate", "--port", "0", "--agents", Invariant(settings.Agents), "--seed", Invariant(settings.Seed),
            "--today", ScaleBenchSettings.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--faults", "none", "--api-key", Key,
        ])) ?? throw new InvalidOperationException("Could not start the simulator process.");
        try
        {
            var baseAddress = await SimulatorBenchCommand.ReadBaseAddressAsync(simulator, ct);
            await progress.WriteLineAsync($"simulator: pid {simulator.Id} at {baseAddress} (a separate process: its memory is not counted)");
            using var probe = new SimulatorProbe(baseAddress);

            var before = await probe.RequestsByEndpointAsync(ct);
            var (run, record) = await RunChildAsync(
                "run",
                ["run", "--api-base", baseAddress.AbsoluteUri, "--api-key-env", KeyVariable, "--rate", Invariant(settings.Rate ?? ScaleBenchSettings.UnthrottledRate), "--data-dir", settings.DataDir, "--json"],
                ct);
            var afterRun = await probe.RequestsByEndpointAsync(ct);
            var plan = record is null ? null : GradingPlan.From(record.Request, record.ApiToday ?? ScaleBenchSettings.Today);
            var (minCalls, discoveryMin) = plan is null
                ? (0L, 0L)
                : await probe.TruthTotalsAsync(plan, UndisclosedPrices.Name(plan.UndisclosedPrice), roster: false, ct);
            run = WithCalls(run, before, afterRun, minCalls, discoveryMin);
            if (!run.Completed || record is null)
            {
                return (run, null);
            }

            var (regrade, regradeRecord) = await RunChildAsync("regrade", ["regrade", record.RunId, "--data-dir", settings.DataDir, "--json"], ct);
            regrade = WithCalls(regrade, afterRun, await probe.RequestsByEndpointAsync(ct), 0, 0);
            if (regradeRecord is not null)
            {
                regrade = regrade with { ExportsIdentical = SameExports(record, regradeRecord) };
            }

            return (run, regrade);
        }
        finally
        {
            if (!simulator.HasExited)
            {
                simulator.Kill(entireProcessTree: true);
                await simulator.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>The figures as text lines (what the command prints without <c>--json</c>).</summary>
    public static void WriteText(TextWriter output, ScaleBenchSettings settings, ScaleStepFigures run, ScaleStepFigures? regrade)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(run);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv,
            $"propgrade bench scale: {settings.Agents:N0} agents, seed {settings.Seed}, client rate {(settings.Rate is { } r ? r.ToString("0.###", inv) + " req/s" : "unthrottled")}, faults off, raw capture on, default tiers; {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
        foreach (var step in new[] { run, regrade })
        {
            if (step is null)
            {
                output.WriteLine("regrade: not run (the run did not complete)");
                continue;
            }

            output.WriteLine(string.Create(inv, $"{step.Step}: exit {step.ExitCode}, status {(step.Status is { } s ? Output.RunPrinter.Status(s) : "none")}"));
            output.WriteLine(string.Create(inv, $"  wall time       {step.WallSeconds:0.0} s"));
            output.WriteLine(string.Create(inv, $"  agents/s        {step.AgentsPerSecond:N0} ({step.Agents:N0} agents)"));
            output.WriteLine(step.PeakRssBytes is { } peak
                ? string.Create(inv, $"  peak RSS        {peak / 1048576.0:N0} MB (the child's VmHWM, read every 100 ms)")
                : "  peak RSS        n/a (needs Linux /proc)");
            output.WriteLine(string.Create(inv, $"  disk per agent  {step.DiskBytesPerAgent / 1024:N2} KB ({step.DiskBytes / 1048576.0:N1} MB under the data directory after the {step.Step}{(step == regrade ? $", {(step.DiskBytes - run.DiskBytes) / 1048576.0:N1} MB of it written by the regrade" : "")})"));
            output.WriteLine(step.Step == "run"
                ? string.Create(inv, $"  calls           {step.AgentCallsServed + step.DiscoveryCallsServed:N0} served (record: {step.ApiCalls:N0}) = agents {step.AgentCallsServed:N0} vs Σ min_calls {step.MinCalls:N0} ({Ratio(step.AgentCallsServed, step.MinCalls)}) + discovery {step.DiscoveryCallsServed:N0} vs {step.DiscoveryMinCalls:N0}: {(step.CallsAtMinimum ? "at the minimum" : "NOT at the minimum")}")
                : string.Create(inv, $"  calls           {step.AgentCallsServed + step.DiscoveryCallsServed:N0} served (record: {step.ApiCalls:N0}) vs Σ min_calls 0 (a regrade reads the raw store): {(step.CallsAtMinimum && step.ApiCalls == 0 ? "at the minimum" : "NOT at the minimum")}; exports byte-identical to the run's: {step.ExportsIdentical switch { true => "yes", false => "NO", null => "not compared" }}"));
        }
    }

    /// <summary>The figures as one JSON object (what the command prints with <c>--json</c>).</summary>
    public static void WriteJson(Stream output, ScaleBenchSettings settings, ScaleStepFigures run, ScaleStepFigures? regrade)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(run);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("agents", settings.Agents);
        json.WriteNumber("seed", settings.Seed);
        if (settings.Rate is { } rate)
        {
            json.WriteNumber("rate", rate);
        }
        else
        {
            json.WriteNull("rate");
        }

        json.WriteNumber("processors", Environment.ProcessorCount);
        Step(json, run);
        if (regrade is null)
        {
            json.WriteNull("regrade");
        }
        else
        {
            Step(json, regrade);
        }

        json.WriteEndObject();

        static void Step(Utf8JsonWriter json, ScaleStepFigures step)
        {
            json.WriteStartObject(step.Step);
            json.WriteNumber("exitCode", step.ExitCode);
            json.WriteString("status", step.Status is { } s ? Output.RunPrinter.Status(s) : null);
            json.WriteNumber("agentsDone", step.Agents);
            json.WriteNumber("wallSeconds", Math.Round(step.WallSeconds, 3));
            json.WriteNumber("agentsPerSecond", Math.Round(step.AgentsPerSecond, 1));
            if (step.PeakRssBytes is { } peak)
            {
                json.WriteNumber("peakRssBytes", peak);
            }
            else
            {
                json.WriteNull("peakRssBytes");
            }

            json.WriteNumber("diskBytes", step.DiskBytes);
            json.WriteNumber("diskBytesPerAgent", Math.Round(step.DiskBytesPerAgent, 1));
            json.WriteNumber("apiCalls", step.ApiCalls);
            json.WriteNumber("agentCallsServed", step.AgentCallsServed);
            json.WriteNumber("discoveryCallsServed", step.DiscoveryCallsServed);
            json.WriteNumber("minCalls", step.MinCalls);
            json.WriteNumber("discoveryMinCalls", step.DiscoveryMinCalls);
            json.WriteBoolean("callsAtMinimum", step.CallsAtMinimum);
            if (step.ExportsIdentical is { } identical)
            {
                json.WriteBoolean("exportsIdentical", identical);
            }
            json.WriteEndObject();
        }
    }

    private static string Ratio(long calls, long minimum) =>
        minimum > 0 ? ((double)calls / minimum).ToString("0.000x", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static ScaleStepFigures WithCalls(ScaleStepFigures step, Dictionary<string, long> before, Dictionary<string, long> after, long minCalls, long discoveryMin)
    {
        long Served(Func<string, bool> which) =>
            after.Where(e => which(e.Key)).Sum(e => e.Value) - before.Where(e => which(e.Key)).Sum(e => e.Value);
        return step with
        {
            AgentCallsServed = Served(p => p.StartsWith("/agents/", StringComparison.Ordinal) && p != "/agents/list"),
            DiscoveryCallsServed = Served(p => p == "/agents/list"),
            MinCalls = minCalls,
            DiscoveryMinCalls = discoveryMin,
        };
    }

    /// <summary>Runs <c>propgrade <paramref name="args"/></c>, watching its memory and relaying its progress; its figures and the record it printed.</summary>
    private async Task<(ScaleStepFigures Figures, RunRecord? Record)> RunChildAsync(string step, IReadOnlyList<string> args, CancellationToken ct)
    {
        var info = PropGradeProcess.StartInfo(args);
        info.Environment[KeyVariable] = Key;
        await progress.WriteLineAsync($"{step}: propgrade {string.Join(' ', args)}");
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(info) ?? throw new InvalidOperationException($"Could not start propgrade {step}.");
        try
        {
            await using var memory = ChildMemoryWatch.Start(child.Id);
            var stdout = child.StandardOutput.ReadToEndAsync(ct);
            var stderr = RelayAsync(child.StandardError, step, ct);
            var exited = child.WaitForExitAsync(ct);
            while (await Task.WhenAny(exited, Task.Delay(ProgressInterval, ct)) != exited)
            {
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{step}: {clock.Elapsed.TotalSeconds:0} s, RSS {Megabytes(memory.CurrentBytes)}, peak {Megabytes(memory.PeakBytes)}"));
            }

            await exited;
            var wall = clock.Elapsed.TotalSeconds;
            await memory.DisposeAsync();
            var text = await stdout;
            await stderr;
            RunRecord? record = null;
            try
            {
                record = text.TrimStart().StartsWith('{') ? JsonSerializer.Deserialize(text, CoreJsonContext.Default.RunRecord) : null;
            }
            catch (JsonException)
            {
                // Reported as "status none" with the child's exit code.
            }

            var figures = new ScaleStepFigures(step, child.ExitCode, record?.Status, record?.Counters.AgentsDone ?? 0, wall, memory.PeakBytes,
                DirectoryBytes(settings.DataDir), record?.Counters.ApiCalls ?? 0, 0, 0, 0, 0);
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{step}: exit {child.ExitCode} after {wall:0.0} s, peak RSS {Megabytes(memory.PeakBytes)}"));
            return (figures, record);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    private async Task RelayAsync(StreamReader reader, string step, CancellationToken ct)
    {
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            await progress.WriteLineAsync($"  {step} | {line}");
        }
    }

    private bool SameExports(RunRecord run, RunRecord regrade)
    {
        var exports = new Local.Exports.FileExportStore(settings.DataDir);
        return run.Exports.Count > 0 && run.Exports.SequenceEqual(regrade.Exports) && run.Exports.All(name =>
            File.ReadAllBytes(Path.Combine(exports.DirectoryOf(run.RunId), name)).AsSpan()
                .SequenceEqual(File.ReadAllBytes(Path.Combine(exports.DirectoryOf(regrade.RunId), name))));
    }

    private static long DirectoryBytes(string directory) =>
        Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private static string Megabytes(long? bytes) =>
        bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / 1048576.0:N0} MB") : "n/a";
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using PropGrade.AgentIndex;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Local.Exports;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// The aggregation benchmark: N synthetic results (generated as they are read, ids scrambled so nothing arrives in
/// export order, ~25 % in a selected tier, 2 % incomplete, contacts on every agent) through
/// <see cref="RunAggregator.AggregateAsync"/> with its external sort under <c>{dir}/tmp</c>, then
/// <see cref="RunExporter"/> into a <see cref="FileExportStore"/> and the agents index into a file, as a run's finish
/// does. Prints the time of each phase, CPU, peak RSS (VmHWM, reset before), peak managed heap (sampled every 20 ms),
/// the sorted runs spilled and their size.
/// </summary>
internal sealed class AggregateBench(int agents, int rowsPerRun, string dir, TextWriter output)
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    public async Task RunAsync(CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var request = new RunDefaults(Today, ["07030"]).CreateDefaultRequest();
        var plan = GradingPlan.From(request, Today);
        var tiers = plan.Tiers.Select(t => t.Name).Append(GradingPlan.Unranked).ToArray();
        var store = new FileExportStore(dir);
        var index = FileRunAgentsIndex.UnderDataDirectory(dir);
        var options = new AggregationOptions { TempDirectory = Path.Combine(dir, "tmp"), RowsPerRun = rowsPerRun };
        await output.WriteLineAsync(string.Create(inv,
            $"propgrade bench aggregate: {agents:N0} agents, {rowsPerRun:N0} rows per sorted run, {Environment.ProcessorCount} cores, .NET {Environment.Version}, GC conserve {AppContext.GetData("System.GC.ConserveMemory") ?? "0"}"));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var rssReset = ProcessMemory.TryResetPeak();
        long heapPeak = heapBefore;
        long spillBytes = 0;
        using var sampler = new Timer(_ =>
        {
            BenchMachine.InterlockedMax(ref heapPeak, GC.GetTotalMemory(forceFullCollection: false));
            BenchMachine.InterlockedMax(ref spillBytes, SpillBytes(options.TempDirectory!));
        }, null, 0, 20);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        using var aggregate = await RunAggregator.AggregateAsync(plan, request, agents, Results(tiers, ct), previous: null, markets: null, options, ct);
        var aggregated = clock.Elapsed;
        var report = await RunExporter.ExportAsync(store, index, "bench", plan, aggregate, ExportOptions.Default, ct);
        var wall = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        await sampler.DisposeAsync();
        BenchMachine.InterlockedMax(ref heapPeak, GC.GetTotalMemory(forceFullCollection: false));
        foreach (var failure in report.Failures)
        {
            await output.WriteLineAsync($"FAILED {failure.Describe()}");
        }

        await output.WriteLineAsync(string.Create(inv,
            $"  read + count + sort runs {aggregated.TotalSeconds,8:0.00} s ({aggregate.SpilledRuns:N0} sorted runs spilled, {spillBytes / 1048576.0:N0} MB on disk at most)"));
        await output.WriteLineAsync(string.Create(inv,
            $"  exports + agents index   {(wall - aggregated).TotalSeconds,8:0.00} s ({aggregate.Rows.Count:N0} exported rows, {aggregate.Agents.Count:N0} indexed)"));
        await output.WriteLineAsync(string.Create(inv,
            $"  total                    {wall.TotalSeconds,8:0.00} s; CPU {cpu.TotalSeconds:0.00} s; load average {BenchMachine.LoadAverage()}"));
        await output.WriteLineAsync(string.Create(inv,
            $"  peak RSS                 {ProcessMemory.PeakResidentBytes() / 1048576.0:0} MB{(rssReset ? "" : " (process peak: the kernel refused a reset)")}"));
        await output.WriteLineAsync(string.Create(inv,
            $"  managed heap             {heapBefore / 1048576.0:0} MB before, peak {heapPeak / 1048576.0:0} MB (sampled)"));
    }

    private static long SpillBytes(string temp)
    {
        try
        {
            return Directory.Exists(temp) ? Directory.EnumerateFiles(temp, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private async IAsyncEnumerable<AgentResult> Results(string[] tiers, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 0L; i < agents; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
                await Task.Yield();
            }

            var id = 1_000_000 + (i * 7_919 % Math.Max(agents, 1)); // a permutation of the ids (7,919 is prime and does not divide N here)
            var draw = (int)(id * 2_654_435_761L % 1000);
            var tier = draw < 15 ? tiers[0] : draw < 70 ? tiers[1] : draw < 260 ? tiers[2] : tiers[^1];
            var complete = draw % 50 != 7;
            var text = id.ToString(CultureInfo.InvariantCulture);
            yield return new AgentResult(
                text, $"Agent {text} Example-Name", id % 5 == 0 ? null : $"Office {id % 977} Realty Group", (id % 90_000 + 1_000).ToString("00000", CultureInfo.InvariantCulture),
                tier, tiers[Math.Min(2, tiers.Length - 1)], draw * 97_531.25m, 4m + (draw % 40), draw % 3 == 0 ? 1_250_000m : 0m, draw % 3,
                complete, draw % 2 == 0, complete ? StopReasons.TierSettled : "http_503", 1 + (int)(id % 19), 2 + (int)(id % 9),
                UndisclosedSales: draw % 4, Profiled: true,
                Contact: new AgentContact($"nrds{text}", "(201) 555-0100", "(201) 555-0199", $"agent{text}@example.com", "NJ-12345 (GSMLS)", "Example Brokerage", "Hoboken", "NJ", $"https://example.com/agent/{text}"));
        }
    }
}

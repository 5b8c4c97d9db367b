using System.CommandLine;
using System.Globalization;
using PropGrade.Aws.Cost;
using PropGrade.Cli.Output;
using PropGrade.Local;

namespace PropGrade.Cli.Commands;

/// <summary>
/// <c>propgrade estimate [--agents N] [--calls-per-agent X | --from-run RUNID [--data-dir DIR]] [--agents-per-batch 100]
/// [--max-workers 10] [--rate 5] [--latency-ms 500] [--memory-mb 512]</c>: what one run costs on AWS in the time-budgeted
/// design (<see cref="AwsCostModel"/>, list prices in <see cref="AwsPriceList"/>), for 10,000 and 1,000,000 agents unless
/// <c>--agents</c> names one size. With <c>--from-run</c>, calls per agent (grading and discovery) come from a finished
/// local run's counts.
/// </summary>
internal static class EstimateCommand
{
    private static readonly int[] DefaultSizes = [10_000, 1_000_000];

    public static Command Create(CliContext? context = null)
    {
        var agents = new Option<int?>("--agents") { Description = "Agents per run (default: 10,000 and 1,000,000)" };
        var callsPerAgent = new Option<double?>("--calls-per-agent") { Description = "Listing-API requests per agent after discovery (default 3, or from --from-run)" };
        var fromRun = new Option<string?>("--from-run", "--run") { Description = "A finished local run whose calls per agent to use" };
        var dataDir = new Option<string>("--data-dir") { Description = "Local data directory of --from-run", DefaultValueFactory = _ => "./propgrade-data" };
        var batch = new Option<int>("--agents-per-batch") { Description = "Agents per Map batch", DefaultValueFactory = _ => 100 };
        var workers = new Option<int>("--max-workers", "--concurrency") { Description = "The most workers at once", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--rate") { Description = "The plan's requests per second", DefaultValueFactory = _ => 5 };
        var latency = new Option<double>("--latency-ms") { Description = "The API's latency the workers are sized for", DefaultValueFactory = _ => 500 };
        var memory = new Option<int>("--memory-mb") { Description = "Worker function memory", DefaultValueFactory = _ => 512 };
        var command = new Command("estimate", "What one run costs on AWS, from list prices and a run's counts")
        {
            agents, callsPerAgent, fromRun, dataDir, batch, workers, rate, latency, memory,
        };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = context ?? CliContext.FromConsole();
            var perAgent = parse.GetValue(callsPerAgent);
            double? discoveryPerAgent = null;
            string? source = null;
            if (parse.GetValue(fromRun) is { } runId)
            {
                await using var engine = new LocalEngine(new LocalEngineOptions { DataDir = parse.GetValue(dataDir)! });
                var record = await engine.Runs.GetAsync(runId, ct);
                if (record is null || record.Counters.AgentsDone == 0)
                {
                    await ctx.Error.WriteLineAsync($"propgrade estimate: run '{runId}' not found or graded no agent.");
                    return ExitCodes.BadInput;
                }

                long gradingCalls = 0;
                await foreach (var result in engine.Workspace.ReadResultsAsync(runId, ct))
                {
                    gradingCalls += result.Calls;
                }

                perAgent ??= Math.Max(0.1, (double)gradingCalls / record.Counters.AgentsDone);
                discoveryPerAgent = record.Counters.AgentsDiscovered > 0 ? Math.Max(0, record.Counters.ApiCalls - gradingCalls) / (double)record.Counters.AgentsDiscovered : null;
                source = string.Create(CultureInfo.InvariantCulture,
                    $"calls per agent from run {runId}: {perAgent:0.###} grading + {discoveryPerAgent ?? 0:0.###} discovery ({record.Counters.ApiCalls:N0} calls, {record.Counters.AgentsDone:N0} agents)");
            }

            var sizes = parse.GetValue(agents) is { } one ? [one] : DefaultSizes;
            if (source is not null)
            {
                await ctx.Out.WriteLineAsync(source);
            }

            foreach (var size in sizes)
            {
                RunCostInputs inputs;
                try
                {
                    inputs = new RunCostInputs
                    {
                        Agents = size,
                        CallsPerAgent = perAgent ?? 3,
                        DiscoveryCalls = discoveryPerAgent is { } d ? (int)Math.Ceiling(d * size) : null,
                        AgentsPerBatch = parse.GetValue(batch),
                        MaxConcurrency = parse.GetValue(workers),
                        RequestsPerSecond = parse.GetValue(rate),
                        Latency = TimeSpan.FromMilliseconds(parse.GetValue(latency)),
                        StageMemoryMb = parse.GetValue(memory),
                    }.Validate();
                }
                catch (ArgumentException ex)
                {
                    await ctx.Error.WriteLineAsync("propgrade estimate: " + ex.Message);
                    return ExitCodes.BadInput;
                }

                Write(ctx.Out, inputs, AwsCostModel.Estimate(inputs, new AwsPriceList()));
            }

            return ExitCodes.Succeeded;
        });
        return command;
    }

    internal static void Write(TextWriter output, RunCostInputs inputs, RunCostEstimate estimate)
    {
        var n = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(n, $"AWS cost of one run: {inputs.Agents:N0} agents, {inputs.CallsPerAgent:0.##} calls/agent + discovery, {inputs.RequestsPerSecond:0.##} req/s, {inputs.Latency.TotalMilliseconds:0} ms latency (us-east-1 list prices, Nov 2026)"));
        output.WriteLine(string.Create(n, $"  discovery: {estimate.DiscoveryWorkers}; grading: {estimate.GradingWorkers}; {estimate.Calls:N0} calls, {estimate.WorkerSeconds:N0} worker-seconds"));
        foreach (var line in estimate.Lines)
        {
            output.WriteLine(string.Create(n, $"  {line.Service,-28} {line.Quantity,22}  ${line.Dollars,10:0.0000}"));
        }

        output.WriteLine(string.Create(n, $"  {"total per run",-28} {"",22}  ${estimate.Total,10:0.0000}   (${estimate.Total / inputs.Agents * 10_000:0.0000} per 10,000 agents)"));
        output.WriteLine(string.Create(n, $"  run time at 90 % of the plan's rate: {Duration(estimate.Duration)}; plus ${estimate.SecretPerMonth:0.00}/month for the secret"));
    }

    private static string Duration(TimeSpan duration) =>
        duration.TotalHours >= 48
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0.0} h ({duration.TotalDays:0.0} days)")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0.0} h");
}

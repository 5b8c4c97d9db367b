using System.CommandLine;
using System.Globalization;
using PropGrade.Aws.Cost;
using PropGrade.Local;

namespace PropGrade.Cli.Commands;

/// <summary>
/// <c>propgrade estimate [--agents 10000] [--calls-per-agent X | --run RUNID [--data-dir DIR]] [--agents-per-batch 25]
/// [--concurrency 10] [--rate 5] [--memory-mb 1024]</c>: what one run costs on AWS (<see cref="AwsCostModel"/>, list
/// prices in <see cref="AwsPriceList"/>). With <c>--run</c>, calls per agent come from a finished local run's counts.
/// </summary>
internal static class EstimateCommand
{
    public static Command Create()
    {
        var agents = new Option<int>("--agents") { Description = "Agents per run", DefaultValueFactory = _ => 10_000 };
        var callsPerAgent = new Option<double?>("--calls-per-agent") { Description = "Listing-API requests per agent (default 3, or from --run)" };
        var run = new Option<string?>("--run") { Description = "A finished local run whose API calls per agent to use" };
        var dataDir = new Option<string>("--data-dir") { Description = "Local data directory of --run", DefaultValueFactory = _ => "./propgrade-data" };
        var batch = new Option<int>("--agents-per-batch") { Description = "Agents per Map child execution", DefaultValueFactory = _ => 25 };
        var concurrency = new Option<int>("--concurrency") { Description = "Map MaxConcurrency", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--rate") { Description = "The plan's requests per second", DefaultValueFactory = _ => 5 };
        var memory = new Option<int>("--memory-mb") { Description = "Stage function memory", DefaultValueFactory = _ => 1024 };
        var command = new Command("estimate", "What one run costs on AWS, from list prices and a run's counts")
        {
            agents, callsPerAgent, run, dataDir, batch, concurrency, rate, memory,
        };
        command.SetAction(async (parse, ct) =>
        {
            var perAgent = parse.GetValue(callsPerAgent);
            if (parse.GetValue(run) is { } runId)
            {
                await using var engine = new LocalEngine(new LocalEngineOptions { DataDir = parse.GetValue(dataDir)! });
                var record = await engine.Runs.GetAsync(runId, ct);
                if (record is null || record.Counters.AgentsDone == 0)
                {
                    await Console.Error.WriteLineAsync($"propgrade estimate: run '{runId}' not found or graded no agent.");
                    return 2;
                }

                perAgent ??= Math.Max(1, (double)record.Counters.ApiCalls / record.Counters.AgentsDone);
            }

            RunCostInputs inputs;
            try
            {
                inputs = new RunCostInputs
                {
                    Agents = parse.GetValue(agents),
                    CallsPerAgent = perAgent ?? 3,
                    AgentsPerBatch = parse.GetValue(batch),
                    MaxConcurrency = parse.GetValue(concurrency),
                    RequestsPerSecond = parse.GetValue(rate),
                    StageMemoryMb = parse.GetValue(memory),
                }.Validate();
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync("propgrade estimate: " + ex.Message);
                return 2;
            }

            Write(Console.Out, inputs, AwsCostModel.Estimate(inputs, new AwsPriceList()));
            return 0;
        });
        return command;
    }

    internal static void Write(TextWriter output, RunCostInputs inputs, RunCostEstimate estimate)
    {
        var n = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(n, $"AWS cost of one run: {inputs.Agents:N0} agents, {inputs.CallsPerAgent:0.##} calls/agent, {inputs.AgentsPerBatch} agents/batch, concurrency {inputs.MaxConcurrency}, {inputs.RequestsPerSecond:0.##} req/s (us-east-1 list prices, Nov 2026)"));
        foreach (var line in estimate.Lines)
        {
            output.WriteLine(string.Create(n, $"  {line.Service,-28} {line.Quantity,22}  ${line.Dollars,10:0.0000}"));
        }

        output.WriteLine(string.Create(n, $"  {"total per run",-28} {"",22}  ${estimate.Total,10:0.0000}"));
        output.WriteLine(string.Create(n, $"  run time at the plan's rate: {estimate.Duration.TotalHours:0.0} h; plus ${estimate.SecretPerMonth:0.00}/month for the secret"));
    }
}

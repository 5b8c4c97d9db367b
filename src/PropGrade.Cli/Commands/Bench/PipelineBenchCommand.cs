using System.CommandLine;
using PropGrade.Cli.Output;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// <c>propgrade bench pipeline</c>: runs the pipeline benchmarks against the embedded simulator and prints each figure
/// with its target. Exit 0 when every target is met, 1 otherwise, 2 for bad flags.
/// </summary>
internal static class PipelineBenchCommand
{
    public static Command Create()
    {
        var only = new Option<string>("--only") { Description = "Sections to run: calls,rate,scale,regrade", DefaultValueFactory = _ => "calls,rate,scale,regrade" };
        var callsAgents = new Option<int>("--calls-agents") { Description = "Agents for the call-count section", DefaultValueFactory = _ => 5_000 };
        var rateAgents = new Option<int>("--rate-agents") { Description = "Agents for the rate section", DefaultValueFactory = _ => 2_000 };
        var rate = new Option<double>("--rate") { Description = "R, requests per second, for the rate section", DefaultValueFactory = _ => 50 };
        var latency = new Option<int>("--latency-ms") { Description = "Simulator latency for the rate section", DefaultValueFactory = _ => 20 };
        var agents = new Option<int>("--agents") { Description = "Agents for the scale and regrade sections", DefaultValueFactory = _ => 10_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Agent batches graded at once", DefaultValueFactory = _ => 16 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the bench runs live (default: a temp dir, removed afterwards)" };
        var command = new Command("pipeline", "Pipeline benchmarks: calls vs the minimum, wall at a fixed rate, 10,000 agents end to end, regrade.")
        {
            only, callsAgents, rateAgents, rate, latency, agents, concurrency, dataDir,
        };
        command.SetAction(async (parse, ct) =>
        {
            var sections = parse.GetValue(only)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var problems = sections.Where(s => !PipelineBenchSettings.AllSections.Contains(s)).Select(s => $"--only: unknown section '{s}'").ToList();
            if (parse.GetValue(callsAgents) < 1 || parse.GetValue(rateAgents) < 1 || parse.GetValue(agents) < 1 || parse.GetValue(concurrency) < 1 || parse.GetValue(rate) <= 0)
            {
                problems.Add("agent counts, --concurrency and --rate must be positive.");
            }

            if (problems.Count > 0)
            {
                foreach (var p in problems)
                {
                    await System.Console.Error.WriteLineAsync($"error: {p}");
                }

                return ExitCodes.BadInput;
            }

            var temp = parse.GetValue(dataDir) is null;
            var dir = parse.GetValue(dataDir) ?? Directory.CreateTempSubdirectory("propgrade-bench-").FullName;
            try
            {
                var settings = new PipelineBenchSettings(
                    [.. PipelineBenchSettings.AllSections.Where(sections.Contains)], parse.GetValue(callsAgents), parse.GetValue(rateAgents),
                    parse.GetValue(rate), parse.GetValue(latency), parse.GetValue(agents), parse.GetValue(concurrency), Path.GetFullPath(dir));
                return await new PipelineBench(settings, System.Console.Out).RunAsync(ct) ? ExitCodes.Succeeded : ExitCodes.Failure;
            }
            finally
            {
                if (temp)
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        });
        return command;
    }
}

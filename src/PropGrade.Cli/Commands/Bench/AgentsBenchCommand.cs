using System.CommandLine;
using PropGrade.Cli.Output;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// <c>propgrade bench agents [--agents 100000] [--requests 100] [--data-dir DIR]</c>: builds a finished run of N graded
/// agents with its agents index and times <c>GET /runs/{id}/agents</c> (filter + search + sort) over HTTP against the
/// local server. Exit 0 when the median meets the target, 1 when not, 2 for bad flags.
/// </summary>
internal static class AgentsBenchCommand
{
    public static Command Create()
    {
        var agents = new Option<int>("--agents") { Description = "Graded agents in the run", DefaultValueFactory = _ => 100_000 };
        var requests = new Option<int>("--requests") { Description = "Requests timed (at least 50)", DefaultValueFactory = _ => 100 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the run is stored (default: a temp dir, removed afterwards)" };
        var command = new Command("agents", "Time GET /runs/{id}/agents (filter + search + sort) on a run of N graded agents, over HTTP.") { agents, requests, dataDir };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(agents);
            var r = parse.GetValue(requests);
            if (n is < 1 or > 5_000_000 || r is < 50 or > 100_000)
            {
                await System.Console.Error.WriteLineAsync($"error: --agents must be 1..5000000 (got {n}); --requests 50..100000 (got {r}).");
                return ExitCodes.BadInput;
            }

            var temp = parse.GetValue(dataDir) is null;
            var path = Path.GetFullPath(parse.GetValue(dataDir) ?? Path.Combine(Directory.CreateTempSubdirectory("propgrade-bench-agents-").FullName, "data"));
            try
            {
                return await new AgentsBench(n, r, path, System.Console.Out).RunAsync(ct) ? ExitCodes.Succeeded : ExitCodes.Failure;
            }
            finally
            {
                if (temp)
                {
                    Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
                }
            }
        });
        return command;
    }
}

using System.CommandLine;
using PropGrade.Cli.Output;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// <c>propgrade bench aggregate [--agents 1000000] [--rows-per-run 25000] [--dir DIR]</c>: the aggregation phase alone
/// (what a run's finish does after grading): N synthetic results streamed in id-scrambled order through the streaming
/// aggregation (external sort), the four exports and the agents index written to files. Prints time, CPU, peak RSS,
/// peak managed heap, sorted runs spilled and the spill's size. Exit 0 when written, 2 for bad flags.
/// </summary>
internal static class AggregateBenchCommand
{
    public static Command Create()
    {
        var agents = new Option<int>("--agents") { Description = "Synthetic graded agents", DefaultValueFactory = _ => 1_000_000 };
        var rowsPerRun = new Option<int>("--rows-per-run") { Description = "Rows the external sort holds before spilling a sorted run", DefaultValueFactory = _ => Core.Exports.ExternalSorter<Core.Exports.GradedRow>.DefaultRowsPerRun };
        var dir = new Option<string?>("--dir") { Description = "Where the files are written (default: a temp dir, removed afterwards)" };
        var command = new Command("aggregate", "Time and memory of the aggregation phase (streamed results, external sort, exports, agents index) for N agents.") { agents, rowsPerRun, dir };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(agents);
            var perRun = parse.GetValue(rowsPerRun);
            if (n is < 0 or > 10_000_000 || perRun < 1)
            {
                await System.Console.Error.WriteLineAsync($"error: --agents must be 0..10000000 (got {n}); --rows-per-run at least 1 (got {perRun}).");
                return ExitCodes.BadInput;
            }

            var temp = parse.GetValue(dir) is null;
            var path = Path.GetFullPath(parse.GetValue(dir) ?? Directory.CreateTempSubdirectory("propgrade-bench-aggregate-").FullName);
            try
            {
                await new AggregateBench(n, perRun, path, System.Console.Out).RunAsync(ct);
                return ExitCodes.Succeeded;
            }
            finally
            {
                if (temp)
                {
                    Directory.Delete(path, recursive: true);
                }
            }
        });
        return command;
    }
}

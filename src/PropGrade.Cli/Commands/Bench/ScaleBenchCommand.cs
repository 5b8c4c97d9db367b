using System.CommandLine;
using PropGrade.Cli.Output;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// <c>propgrade bench scale --agents N</c>: a whole run and its regrade at scale, each a child process against a
/// simulator in a third one (faults off, raw capture on, default tiers); prints wall time, agents/s, peak RSS, disk per
/// agent and calls vs Σ min_calls for each (<c>--json</c>: one JSON object on stdout). Progress goes to stderr. Exit 0
/// when both children ran to their end, 1 when one failed, 2 for bad flags, 130/143 when stopped by a signal.
/// </summary>
internal static class ScaleBenchCommand
{
    public static Command Create(CliContext? context = null)
    {
        var agents = new Option<int>("--agents") { Description = "Agents in the simulated world, 1..1000000", DefaultValueFactory = _ => 100_000 };
        var rate = new Option<double?>("--rate") { Description = "Client request rate, requests/second (default: unthrottled)" };
        var seed = new Option<int>("--seed") { Description = "The world's seed", DefaultValueFactory = _ => 42 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the run's data directory is made (default: a temp dir, removed afterwards unless --keep)" };
        var keep = new Option<bool>("--keep") { Description = "Keep the temp data directory (its path is printed)" };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON on stdout" };
        var command = new Command("scale", "A run and its regrade at scale, each a child process: wall time, agents/s, peak RSS, disk per agent, calls vs the minimum.")
        {
            agents, rate, seed, dataDir, keep, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = context ?? CliContext.FromConsole();
            var n = parse.GetValue(agents);
            var r = parse.GetValue(rate);
            if (n is < 1 or > 1_000_000 || r is { } given && (given <= 0 || !double.IsFinite(given)))
            {
                await ctx.Error.WriteLineAsync("propgrade bench scale: --agents must be 1..1000000 and --rate a positive number.");
                return ExitCodes.BadInput;
            }

            var temp = parse.GetValue(dataDir) is null;
            var root = Path.GetFullPath(parse.GetValue(dataDir) ?? Directory.CreateTempSubdirectory("propgrade-bench-scale-").FullName);
            var settings = new ScaleBenchSettings(n, r, parse.GetValue(seed), root, parse.GetValue(json));
            var progress = TextWriter.Synchronized(ctx.Error);
            try
            {
                var (run, regrade) = await new ScaleBench(settings, progress).MeasureAsync(ct);
                if (settings.Json)
                {
                    await using var stdout = new MemoryStream();
                    ScaleBench.WriteJson(stdout, settings, run, regrade);
                    await ctx.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
                }
                else
                {
                    ScaleBench.WriteText(ctx.Out, settings, run, regrade);
                }

                return run.Completed && regrade is { Completed: true } ? ExitCodes.Succeeded : ExitCodes.Failure;
            }
            finally
            {
                if (temp && !parse.GetValue(keep))
                {
                    Directory.Delete(root, recursive: true);
                }
                else
                {
                    await progress.WriteLineAsync($"data directory kept: {settings.DataDir}");
                }
            }
        });
        return command;
    }
}

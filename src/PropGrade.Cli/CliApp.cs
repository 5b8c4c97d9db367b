using System.CommandLine;
using PropGrade.Cli.Commands;
using PropGrade.Cli.Output;

namespace PropGrade.Cli;

/// <summary>The command tree; bad flags (System.CommandLine's own parse errors included) exit 2 with every problem named.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliContext? context = null)
    {
        var root = new RootCommand("PropGrade: grades real-estate agents from paginated, rate-limited listing APIs.");
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(RegradeCommand.Create(context));
        root.Subcommands.Add(RunsCommand.Create(context));
        root.Subcommands.Add(SimulateCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(BenchCommand.Create(context));
        root.Subcommands.Add(EstimateCommand.Create(context));
        root.Subcommands.Add(ProbeCommand.Create(context));
        root.Subcommands.Add(ExplainCommand.Create(context));
        CliHelp.Apply(root, context?.Out);
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args, CliContext? context = null, CancellationToken cancellationToken = default)
    {
        var parse = Build(context).Parse(args);
        var pipelineCommand = parse.CommandResult.Command.Name is "run" or "regrade" or "runs" or "list" or "show" or "probe" or "explain";
        if (parse.Errors.Count > 0 && pipelineCommand && !CliHelp.IsHelp(parse))
        {
            return RunCommand.BadInput(context ?? CliContext.FromConsole(), parse.Errors.Select(e => e.Message));
        }

        // Signals are ours (Hosting/ShutdownSignals: a two-stage stop and exit codes 130/143), not System.CommandLine's
        // (which cancels the token and kills the process 2 s later, before a run can print how to resume it).
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancellationToken);
    }
}

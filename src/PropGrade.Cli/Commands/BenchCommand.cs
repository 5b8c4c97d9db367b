using System.CommandLine;
using PropGrade.Cli.Commands.Bench;
using PropGrade.Cli.Output;

namespace PropGrade.Cli.Commands;

/// <summary>
/// <c>propgrade bench simulator|client|pipeline|exports|agents|scale</c>: each prints its figures (and the target it is
/// held to); stopped by a signal, each exits 130 (143 after SIGTERM).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliContext? context = null)
    {
        var command = new Command("bench", "Run a benchmark and print its figures.");
        command.Subcommands.Add(SimulatorBenchCommand.Create());
        command.Subcommands.Add(ClientBenchCommand.Create());
        command.Subcommands.Add(PipelineBenchCommand.Create());
        command.Subcommands.Add(ExportBenchCommand.Create());
        command.Subcommands.Add(AgentsBenchCommand.Create());
        command.Subcommands.Add(ScaleBenchCommand.Create(context));
        command.Subcommands.Add(AggregateBenchCommand.Create());
        InterruptibleBenchAction.Apply(command, context);
        return command;
    }
}

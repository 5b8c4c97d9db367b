using System.CommandLine;
using PropGrade.Cli.Commands.Bench;

namespace PropGrade.Cli.Commands;

/// <summary><c>propgrade bench simulator|client|pipeline|exports|agents</c>: each prints its figures and the target it is held to.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Run a benchmark and print its figures.");
        command.Subcommands.Add(SimulatorBenchCommand.Create());
        command.Subcommands.Add(ClientBenchCommand.Create());
        command.Subcommands.Add(PipelineBenchCommand.Create());
        command.Subcommands.Add(ExportBenchCommand.Create());
        command.Subcommands.Add(AgentsBenchCommand.Create());
        command.Subcommands.Add(AggregateBenchCommand.Create());
        return command;
    }
}

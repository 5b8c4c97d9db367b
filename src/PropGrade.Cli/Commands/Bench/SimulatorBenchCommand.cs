using System.CommandLine;

namespace PropGrade.Cli.Commands.Bench;

/// <summary><c>propgrade bench simulator</c>. Placeholder until its issue lands: says so and exits 1.</summary>
internal static class SimulatorBenchCommand
{
    public static Command Create()
    {
        var command = new Command("simulator", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("propgrade bench simulator: not built yet.");
            return 1;
        });
        return command;
    }
}

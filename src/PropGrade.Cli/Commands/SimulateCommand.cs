using System.CommandLine;

namespace PropGrade.Cli.Commands;

/// <summary><c>propgrade simulate</c>. Placeholder until its issue lands: says so and exits 1.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var command = new Command("simulate", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("propgrade simulate: not built yet.");
            return 1;
        });
        return command;
    }
}

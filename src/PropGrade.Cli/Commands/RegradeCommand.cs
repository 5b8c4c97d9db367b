using System.CommandLine;

namespace PropGrade.Cli.Commands;

/// <summary><c>propgrade regrade</c>. Placeholder until its issue lands: says so and exits 1.</summary>
internal static class RegradeCommand
{
    public static Command Create()
    {
        var command = new Command("regrade", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("propgrade regrade: not built yet.");
            return 1;
        });
        return command;
    }
}

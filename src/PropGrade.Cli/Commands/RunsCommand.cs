using System.CommandLine;

namespace PropGrade.Cli.Commands;

/// <summary><c>propgrade runs</c>. Placeholder until its issue lands: says so and exits 1.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var command = new Command("runs", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("propgrade runs: not built yet.");
            return 1;
        });
        return command;
    }
}

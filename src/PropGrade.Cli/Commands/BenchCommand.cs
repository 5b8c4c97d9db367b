using System.CommandLine;

namespace PropGrade.Cli.Commands;

/// <summary><c>propgrade bench</c>. Placeholder until its issue lands: says so and exits 1.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("propgrade bench: not built yet.");
            return 1;
        });
        return command;
    }
}

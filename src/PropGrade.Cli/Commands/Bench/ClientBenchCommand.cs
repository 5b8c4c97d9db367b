using System.CommandLine;

namespace PropGrade.Cli.Commands.Bench;

/// <summary><c>propgrade bench client</c>. Placeholder until its issue lands: says so and exits 1.</summary>
internal static class ClientBenchCommand
{
    public static Command Create()
    {
        var command = new Command("client", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("propgrade bench client: not built yet.");
            return 1;
        });
        return command;
    }
}

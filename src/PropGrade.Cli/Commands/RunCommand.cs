using System.CommandLine;

namespace PropGrade.Cli.Commands;

/// <summary><c>propgrade run</c>. Placeholder until its issue lands: says so and exits 1.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("propgrade run: not built yet.");
            return 1;
        });
        return command;
    }
}

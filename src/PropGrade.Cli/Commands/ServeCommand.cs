using System.CommandLine;

namespace PropGrade.Cli.Commands;

/// <summary><c>propgrade serve</c>. Placeholder until its issue lands: says so and exits 1.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("propgrade serve: not built yet.");
            return 1;
        });
        return command;
    }
}

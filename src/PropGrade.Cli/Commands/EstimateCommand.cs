using System.CommandLine;

namespace PropGrade.Cli.Commands;

/// <summary><c>propgrade estimate</c>. Placeholder until its issue lands: says so and exits 1.</summary>
internal static class EstimateCommand
{
    public static Command Create()
    {
        var command = new Command("estimate", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("propgrade estimate: not built yet.");
            return 1;
        });
        return command;
    }
}

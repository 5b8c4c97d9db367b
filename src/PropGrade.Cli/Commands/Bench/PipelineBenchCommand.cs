using System.CommandLine;

namespace PropGrade.Cli.Commands.Bench;

/// <summary><c>propgrade bench pipeline</c>. Placeholder until its issue lands: says so and exits 1.</summary>
internal static class PipelineBenchCommand
{
    public static Command Create()
    {
        var command = new Command("pipeline", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("propgrade bench pipeline: not built yet.");
            return 1;
        });
        return command;
    }
}

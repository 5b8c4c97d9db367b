using System.CommandLine;
using System.CommandLine.Invocation;
using PropGrade.Cli.Output;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// How every <c>propgrade bench</c> command ends when stopped: a signal (Ctrl+C, SIGINT, SIGTERM) cancels the command's
/// token; the benchmark's cancellation becomes exit 130 (143 after SIGTERM), as for <c>run</c> and <c>serve</c>,
/// instead of an unhandled-exception exit or a clean 0.
/// </summary>
internal sealed class InterruptibleBenchAction(CliContext? context, AsynchronousCommandLineAction inner) : AsynchronousCommandLineAction
{
    /// <summary>Wraps the action of every subcommand of <paramref name="bench"/>.</summary>
    public static void Apply(Command bench, CliContext? context)
    {
        ArgumentNullException.ThrowIfNull(bench);
        foreach (var command in bench.Subcommands)
        {
            if (command.Action is AsynchronousCommandLineAction action)
            {
                command.Action = new InterruptibleBenchAction(context, action);
            }
        }
    }

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        try
        {
            var exit = await inner.InvokeAsync(parseResult, cancellationToken);
            return cancellationToken.IsCancellationRequested ? Interrupted() : exit;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await (context?.Error ?? System.Console.Error).WriteLineAsync("Interrupted: the benchmark stopped before its end.");
            return Interrupted();
        }
    }

    private int Interrupted() => context?.InterruptedExitCode ?? ExitCodes.Interrupted;
}

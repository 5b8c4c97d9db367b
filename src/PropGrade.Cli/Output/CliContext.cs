using Spectre.Console;

namespace PropGrade.Cli.Output;

/// <summary>
/// Where a command writes and what it composes: stdout, stderr, the live terminal (null = plain progress lines),
/// and a hook that adjusts the engine options (tests use it to shrink the embedded world).
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, IAnsiConsole? terminal)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>The stderr terminal for the live progress display; null when stderr is redirected.</summary>
    public IAnsiConsole? Terminal { get; } = terminal;

    public Action<PropGrade.Local.LocalEngineOptions>? ConfigureEngine { get; init; }

    /// <summary>The process's shutdown signals (two-stage stop); null = a stop is the command's cancellation token alone.</summary>
    public PropGrade.Cli.Hosting.ShutdownSignals? Signals { get; init; }

    /// <summary>The exit code of a command stopped before its end: 143 after SIGTERM, else 130.</summary>
    public int InterruptedExitCode => Signals?.ExitCode ?? ExitCodes.Interrupted;

    /// <summary>How often plain progress lines are written. Default 2 s.</summary>
    public TimeSpan PlainProgressInterval { get; init; } = TimeSpan.FromSeconds(2);

    public static CliContext FromConsole(PropGrade.Cli.Hosting.ShutdownSignals? signals = null) => new(
        System.Console.Out,
        System.Console.Error,
        System.Console.IsErrorRedirected
            ? null
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) }))
    {
        Signals = signals,
    };
}

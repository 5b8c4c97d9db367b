using PropGrade.Cli.Output;
using PropGrade.Simulator;
using Spectre.Console;

namespace PropGrade.Cli.Tests.Commands;

/// <summary>Runs the CLI in-process with captured stdout/stderr and a small embedded world in a temp data dir.</summary>
internal sealed class CliHarness : IDisposable
{
    public static readonly DateOnly Today = new(2026, 11, 23);

    public string DataDir { get; } = Path.Combine(Directory.CreateTempSubdirectory("pg-cli-").FullName, "data");

    public StringWriter Out { get; private set; } = new();

    public StringWriter Error { get; private set; } = new();

    /// <summary>The embedded world's traits (default: the simulator's).</summary>
    public WorldTraits Traits { get; init; } = WorldTraits.Default;

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(DataDir)!, recursive: true);

    public async Task<int> RunAsync(bool terminal, params string[] args)
    {
        Out = new StringWriter();
        Error = new StringWriter();
        var console = terminal
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Error), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No })
            : null;
        var context = new CliContext(Out, Error, console)
        {
            ConfigureEngine = o =>
            {
                o.Simulator = new SimulatorOptions { Agents = 150, Today = Today, RequestLogCapacity = 0, Traits = Traits };
            },
        };
        return await CliApp.InvokeAsync([.. args, "--data-dir", DataDir], context);
    }

    public Task<int> RunAsync(params string[] args) => RunAsync(false, args);
}

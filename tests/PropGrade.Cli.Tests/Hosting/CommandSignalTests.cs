using System.Diagnostics;
using PropGrade.Cli.Commands;
using PropGrade.Cli.Output;
using PropGrade.Cli.Tests.Support;

namespace PropGrade.Cli.Tests.Hosting;

/// <summary>
/// Issue 12, item 3's leftovers, on a real child process: <c>propgrade simulate</c>, <c>probe</c> and <c>bench</c>
/// stopped by SIGINT exit 130 and by SIGTERM 143 (as <c>run</c> and <c>serve</c>; they exited 0 before), within 10 s,
/// and a benchmark leaves none of its own child processes running.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CommandSignalTests : IDisposable
{
    private static readonly TimeSpan StopPromise = TimeSpan.FromSeconds(10);
    private readonly string _root = Directory.CreateTempSubdirectory("pg-cmd-signal-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("INT", ExitCodes.Interrupted)]
    [InlineData("TERM", ExitCodes.Terminated)]
    public async Task Simulate_Signal_ExitsWithTheSignalsCode(string signal, int expectedExit)
    {
        using var child = CliProcess.Start("simulate", "--port", "0", "--agents", "200");
        await child.WaitForLineAsync(SimulateCommand.ListeningPrefix, TimeSpan.FromSeconds(60));

        var (exit, stopped) = await StopAsync(child, signal);

        Assert.True(expectedExit == exit, $"exit {exit}; stderr: {child.Error}");
        Assert.True(stopped < StopPromise, $"stopped in {stopped.TotalSeconds:F1} s");
    }

    [Theory]
    [InlineData("INT", ExitCodes.Interrupted)]
    [InlineData("TERM", ExitCodes.Terminated)]
    public async Task Probe_SignalWhileWaitingOnACall_ExitsWithTheSignalsCode(string signal, int expectedExit)
    {
        // Every API call takes a minute: the signal arrives while the probe waits on its first one.
        await using var sim = await SourceSimulator.StartAsync(agents: 200, latency: TimeSpan.FromMinutes(1));
        using var child = CliProcess.Start("probe", "--api-base", sim.BaseAddress.AbsoluteUri, "--api-key-env", SourceSimulator.KeyVariable, "--data-dir", Path.Combine(_root, "data"));
        await child.WaitForLineAsync("propgrade probe: ", TimeSpan.FromSeconds(60));

        var (exit, stopped) = await StopAsync(child, signal);

        Assert.True(expectedExit == exit, $"exit {exit}; stdout: {child.Out} stderr: {child.Error}");
        Assert.True(stopped < StopPromise, $"stopped in {stopped.TotalSeconds:F1} s");
        Assert.Contains("Interrupted: the probe stopped", child.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INT", ExitCodes.Interrupted)]
    [InlineData("TERM", ExitCodes.Terminated)]
    public async Task BenchScale_SignalDuringTheRun_ExitsWithTheSignalsCodeAndStopsItsChildren(string signal, int expectedExit)
    {
        // 2,000 agents at 20 req/s: the run lasts minutes, the signal comes once it has started.
        using var child = CliProcess.Start("bench", "scale", "--agents", "2000", "--rate", "20", "--data-dir", _root);
        var simulator = int.Parse((await child.WaitForErrorLineAsync("simulator: pid ", TimeSpan.FromSeconds(60))).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        await child.WaitForErrorLineAsync("  run | ", TimeSpan.FromSeconds(60));

        var (exit, stopped) = await StopAsync(child, signal);

        Assert.True(expectedExit == exit, $"exit {exit}; stdout: {child.Out} stderr: {child.Error}");
        Assert.True(stopped < StopPromise, $"stopped in {stopped.TotalSeconds:F1} s");
        Assert.Contains("Interrupted: the benchmark stopped before its end.", child.Error, StringComparison.Ordinal);
        Assert.False(Running(simulator), $"the simulator (pid {simulator}) is still running");
        Assert.Empty(child.Out);
    }

    private static async Task<(int Exit, TimeSpan Stopped)> StopAsync(CliProcess child, string signal)
    {
        var clock = Stopwatch.StartNew();
        child.Signal(signal);
        var exit = await child.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (exit, clock.Elapsed);
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

using System.Runtime.InteropServices;
using Microsoft.Extensions.Time.Testing;
using PropGrade.Cli.Hosting;
using PropGrade.Cli.Output;

namespace PropGrade.Cli.Tests.Hosting;

public sealed class ShutdownSignalsTests
{
    [Fact]
    public void Signal_SigInt_StoppingAtOnceAbortedAfterGraceExit130AtDeadline()
    {
        var time = new FakeTimeProvider();
        var exits = new List<int>();
        using var signals = new ShutdownSignals(time, exits.Add) { Grace = TimeSpan.FromSeconds(5), Deadline = TimeSpan.FromSeconds(9.5) };

        signals.Signal(PosixSignal.SIGINT);

        Assert.True(signals.Stopping.IsCancellationRequested);
        Assert.False(signals.Aborted.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(signals.Aborted.IsCancellationRequested);
        Assert.Empty(exits);
        time.Advance(TimeSpan.FromSeconds(4.5));
        Assert.Equal([ExitCodes.Interrupted], exits);
    }

    [Fact]
    public void Signal_SigTerm_ExitCode143()
    {
        using var signals = new ShutdownSignals(new FakeTimeProvider(), _ => { });

        signals.Signal(PosixSignal.SIGTERM);

        Assert.Equal(ExitCodes.Terminated, signals.ExitCode);
    }

    [Fact]
    public void Signal_SecondSignal_AbortsAtOnceAndKeepsTheFirstSignalsExitCode()
    {
        using var signals = new ShutdownSignals(new FakeTimeProvider(), _ => { });

        signals.Signal(PosixSignal.SIGINT);
        signals.Signal(PosixSignal.SIGTERM);

        Assert.True(signals.Aborted.IsCancellationRequested);
        Assert.Equal(ExitCodes.Interrupted, signals.ExitCode);
    }
}

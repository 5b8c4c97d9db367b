using System.Runtime.InteropServices;
using PropGrade.Cli.Output;

namespace PropGrade.Cli.Hosting;

/// <summary>
/// Ctrl+C, SIGINT and SIGTERM as the long commands see them, in two stages so that a stop never repeats a call:
/// <list type="number">
/// <item>The first signal cancels <see cref="Stopping"/> at once: nothing new starts (no new agent, no new run, new
/// <c>POST /runs</c> answer 503) and the agents in flight finish and are saved.</item>
/// <item><see cref="Grace"/> later (or at a second signal) <see cref="Aborted"/> fires: calls still in flight are
/// cancelled; their agents are graded again on resume.</item>
/// </list>
/// If the process is still alive <see cref="Deadline"/> after the first signal it exits with <see cref="ExitCode"/>
/// (130 for SIGINT/Ctrl+C, 143 for SIGTERM: 128 + the signal number, as shells report them).
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TimeProvider _time;
    private readonly Action<int> _exit;
    private readonly Lock _gate = new();
    private ITimer? _abortTimer;
    private ITimer? _exitTimer;

    /// <param name="time">Schedules the grace and the deadline.</param>
    /// <param name="exit">What the deadline calls with the exit code (the process: <see cref="Environment.Exit"/>).</param>
    public ShutdownSignals(TimeProvider time, Action<int> exit)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _exit = exit ?? throw new ArgumentNullException(nameof(exit));
    }

    /// <summary>From the first signal to <see cref="Aborted"/>. Default 5 s.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>From the first signal to the forced exit. Default 9.5 s (the promise is "stopped within 10 s").</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(9.5);

    /// <summary>Cancelled by the first signal: start nothing new, let the agents in flight finish and be saved.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Cancelled <see cref="Grace"/> after the first signal, or by a second one: cancel the calls in flight.</summary>
    public CancellationToken Aborted => _aborted.Token;

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Received { get; private set; }

    /// <summary>The exit code of a command stopped by a signal: 143 for SIGTERM, else 130 (SIGINT, Ctrl+C).</summary>
    public int ExitCode => Received == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>Handles SIGINT (Ctrl+C), SIGTERM and SIGQUIT for this process instead of the runtime's default (immediate exit).</summary>
    public static ShutdownSignals Register()
    {
        var signals = new ShutdownSignals(TimeProvider.System, Environment.Exit);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
        {
            signals._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                signals.Signal(context.Signal);
            }));
        }

        return signals;
    }

    /// <summary>Acts on <paramref name="signal"/> (the OS handler calls this; tests call it directly).</summary>
    public void Signal(PosixSignal signal)
    {
        lock (_gate)
        {
            if (Received is not null)
            {
                // A second Ctrl+C: stop waiting for the agents in flight.
                _aborted.Cancel();
                return;
            }

            Received = signal == PosixSignal.SIGQUIT ? PosixSignal.SIGTERM : signal;
            _abortTimer = _time.CreateTimer(_ => Cancel(_aborted), null, Grace, Timeout.InfiniteTimeSpan);
            _exitTimer = _time.CreateTimer(_ => _exit(ExitCode), null, Deadline, Timeout.InfiniteTimeSpan);
        }

        Cancel(_stopping);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _abortTimer?.Dispose();
        _exitTimer?.Dispose();
        _stopping.Dispose();
        _aborted.Dispose();
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command ended first.
        }
    }
}

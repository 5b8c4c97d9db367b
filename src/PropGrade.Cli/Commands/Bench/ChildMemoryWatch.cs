using System.Globalization;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// The peak resident memory of another process, read from <c>/proc/PID/status</c> (<c>VmHWM</c>, the kernel's own
/// high-water mark, and <c>VmRSS</c>) every <see cref="Interval"/> until it exits; the largest value seen is the peak.
/// Linux only: elsewhere <see cref="Supported"/> is false and the peak stays null ("n/a").
/// </summary>
internal sealed class ChildMemoryWatch : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakBytes;
    private long _currentBytes;
    private int _disposed;

    private ChildMemoryWatch(int pid, TimeSpan interval)
    {
        _pid = pid;
        Interval = interval;
        _loop = Supported ? Task.Run(PollAsync) : Task.CompletedTask;
    }

    /// <summary>Whether this platform exposes another process's memory in <c>/proc</c>.</summary>
    public static bool Supported => OperatingSystem.IsLinux() && File.Exists("/proc/self/status");

    public TimeSpan Interval { get; }

    /// <summary>The largest of VmHWM and VmRSS seen so far, in bytes; null where not <see cref="Supported"/> or before the first read.</summary>
    public long? PeakBytes => Supported && Interlocked.Read(ref _peakBytes) > 0 ? Interlocked.Read(ref _peakBytes) : null;

    /// <summary>The last VmRSS read, in bytes (0 before the first).</summary>
    public long CurrentBytes => Interlocked.Read(ref _currentBytes);

    /// <summary>Starts watching <paramref name="pid"/> (and reads it once at once).</summary>
    public static ChildMemoryWatch Start(int pid, TimeSpan? interval = null) => new(pid, interval ?? TimeSpan.FromMilliseconds(100));

    /// <summary>(VmRSS, VmHWM) in bytes from a <c>/proc/PID/status</c> text; null when either is missing.</summary>
    public static (long Rss, long Hwm)? Parse(IEnumerable<string> statusLines)
    {
        ArgumentNullException.ThrowIfNull(statusLines);
        long? rss = null, hwm = null;
        foreach (var line in statusLines)
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line) * 1024;
            }
        }

        return rss is { } r && hwm is { } h ? (r, h) : null;
    }

    /// <summary>Stops polling; <see cref="PeakBytes"/> keeps the largest value seen.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            if (!Read())
            {
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(_stop.Token));
    }

    /// <summary>One read; false once the process is gone.</summary>
    private bool Read()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{_pid}/status");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        if (Parse(lines) is not { } memory)
        {
            // A zombie has no memory lines: the process has exited.
            return false;
        }

        Interlocked.Exchange(ref _currentBytes, memory.Rss);
        var seen = Math.Max(memory.Rss, memory.Hwm);
        long peak;
        while (seen > (peak = Interlocked.Read(ref _peakBytes)) && Interlocked.CompareExchange(ref _peakBytes, seen, peak) != peak)
        {
        }

        return true;
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}

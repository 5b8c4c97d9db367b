using System.Diagnostics;
using System.Globalization;

namespace PropGrade.Local.Orchestration;

/// <summary>
/// Who executes runs here: this process (host, pid, start time) and this engine within it. The run leases and the
/// API-key lock of a local engine are held under <see cref="Id"/>; refusals name <see cref="Description"/>.
/// </summary>
public sealed record LocalExecutor(string Id, string Description)
{
    private static int _engines;

    /// <summary>This process, and a number telling its engines apart (one engine per process in practice).</summary>
    public static LocalExecutor ForThisProcess()
    {
        using var process = Process.GetCurrentProcess();
        var host = Environment.MachineName;
        var started = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        var engine = Interlocked.Increment(ref _engines);
        return new LocalExecutor(
            string.Create(CultureInfo.InvariantCulture, $"{host}:{Environment.ProcessId}:{started.ToUnixTimeMilliseconds()}:{engine}"),
            string.Create(CultureInfo.InvariantCulture, $"propgrade on {host} (pid {Environment.ProcessId}, started {started:yyyy-MM-dd HH:mm:ss}Z)"));
    }
}

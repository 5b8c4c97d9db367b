namespace PropGrade.Cli.Commands.Bench;

/// <summary>What the benchmarks print about the machine and sample while they run.</summary>
internal static class BenchMachine
{
    /// <summary>The 1, 5 and 15 minute load averages (Linux <c>/proc/loadavg</c>); "n/a" elsewhere.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/> when larger, safely from a sampler thread.</summary>
    public static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

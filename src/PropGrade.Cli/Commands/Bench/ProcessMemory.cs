namespace PropGrade.Cli.Commands.Bench;

/// <summary>Peak resident memory of this process (Linux <c>VmHWM</c>), resettable through <c>/proc/self/clear_refs</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>Resets the peak to the current resident size; false where the kernel does not allow it.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set size in bytes (falls back to the runtime's peak working set).</summary>
    public static long PeakResidentBytes()
    {
        try
        {
            if (ChildMemoryWatch.Parse(File.ReadLines("/proc/self/status")) is { } memory)
            {
                return memory.Hwm;
            }
        }
        catch (IOException)
        {
        }

        return Environment.WorkingSet;
    }
}

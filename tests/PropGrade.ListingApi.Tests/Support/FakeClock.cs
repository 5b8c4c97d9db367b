using Microsoft.Extensions.Time.Testing;

namespace PropGrade.ListingApi.Tests.Support;

/// <summary>Drives a <see cref="FakeTimeProvider"/> forward while work that waits on it runs.</summary>
internal static class FakeClock
{
    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="work"/> completes; fails when
    /// it needs more than <paramref name="limit"/> of fake time. Between steps it yields the CPU for a moment so the
    /// continuations a step released (permits, delays, timeouts) run before the clock moves again; no assertion
    /// depends on real time.
    /// </summary>
    public static async Task<T> RunAsync<T>(FakeTimeProvider time, Task<T> work, TimeSpan step, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        while (true)
        {
            await Task.Delay(1);
            if (work.IsCompleted)
            {
                return await work;
            }

            if (advanced >= limit)
            {
                throw new TimeoutException($"The work did not finish within {limit.TotalSeconds} s of fake time.");
            }

            time.Advance(step);
            advanced += step;
        }
    }

    public static Task RunAsync(FakeTimeProvider time, Task work, TimeSpan step, TimeSpan limit) =>
        RunAsync(time, AsValue(work), step, limit);

    private static async Task<bool> AsValue(Task work)
    {
        await work;
        return true;
    }
}

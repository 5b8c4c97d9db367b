using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using PropGrade.ListingApi.Resilience;
using PropGrade.ListingApi.Tests.Support;

namespace PropGrade.ListingApi.Tests.Resilience;

/// <summary>
/// The pacing limiter on a <see cref="FakeTimeProvider"/>: permits are released inside <c>Advance</c> (the limiter's
/// timer), so a task's completion right after an advance is exact, with no real waiting.
/// </summary>
public sealed class AdaptiveRateLimiterTests
{
    private static (AdaptiveRateLimiter Limiter, FakeTimeProvider Time) Create(double rate = 10, int burst = 1, double headroom = 0, double recoveryStep = 0.25, double decrease = 0.5)
    {
        var time = new FakeTimeProvider();
        var options = new ListingApiOptions
        {
            RequestsPerSecond = rate,
            Burst = burst,
            RateHeadroom = headroom,
            RateRecoveryStep = recoveryStep,
            RateDecreaseFactor = decrease,
        };
        return (new AdaptiveRateLimiter(options, time), time);
    }

    /// <summary>
    /// Advances the fake clock 0.5 ms at a time until every task completed; returns each one's grant time (ms since
    /// start) and disposes its lease (the attempt ended at once).
    /// </summary>
    private static double[] GrantTimes(FakeTimeProvider time, IReadOnlyList<Task<RateLimitLease>> leases, double untilMs = 10_000)
    {
        var start = time.GetTimestamp();
        var granted = new double?[leases.Count];
        for (var elapsed = 0.0; ; elapsed += 0.5)
        {
            for (var i = 0; i < leases.Count; i++)
            {
                if (granted[i] is null && leases[i].IsCompleted)
                {
                    Assert.True(leases[i].Result.IsAcquired);
                    granted[i] = time.GetElapsedTime(start).TotalMilliseconds;
                    leases[i].Result.Dispose(); // the attempt was answered at once
                }
            }

            if (granted.All(g => g is not null) || elapsed >= untilMs)
            {
                break;
            }

            time.Advance(TimeSpan.FromMilliseconds(0.5));
        }

        return [.. granted.Select(g => g ?? double.NaN)];
    }

    private static Task<RateLimitLease>[] Acquire(AdaptiveRateLimiter limiter, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => limiter.AcquireAsync(1).AsTask())];

    private static RateLimitSignal Signal(long? limit = null, long? remaining = null, TimeSpan? reset = null) => new(limit, remaining, reset, null);

    [Fact]
    public void AcquireAsync_ConcurrentCallers_ShareOneEvenSpacing()
    {
        var (limiter, time) = Create(rate: 10);

        var times = GrantTimes(time, Acquire(limiter, 6));

        Assert.Equal([0, 100, 200, 300, 400, 500], times);
    }

    [Fact]
    public void AcquireAsync_WithHeadroom_PacesJustBelowThePlan()
    {
        var (limiter, time) = Create(rate: 5, headroom: 0.02);

        var times = GrantTimes(time, Acquire(limiter, 4));

        Assert.Equal(4.9, limiter.CurrentRate, 6);
        Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.InRange(gap, 204, 204.5));
    }

    [Fact]
    public void OnResponse_RemainingZero_SpacingCountsFromTheStartNotTheResponse()
    {
        var (limiter, time) = Create(rate: 10);
        var sent = time.GetTimestamp();
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var next = limiter.AcquireAsync(1).AsTask();

        // The answer comes 80 ms after the start and says the window is used, reset "1" (whole seconds, rounded up).
        time.Advance(TimeSpan.FromMilliseconds(80));
        limiter.OnResponse(Signal(limit: 10, remaining: 0, reset: TimeSpan.FromSeconds(1)), sent, throttled: false);
        var times = GrantTimes(time, [next]);

        // 100 ms after the first START (not 80 + 100 after the response, not 80 + 1000 for the coarse reset).
        Assert.Equal(100 - 80, times[0]);
    }

    [Fact]
    public void OnResponse_RemainingZeroAfterABurst_HoldsUntilTheOldestOfTheWindowPlusTheWindow()
    {
        var (limiter, time) = Create(rate: 5, burst: 5);
        var sent = time.GetTimestamp();
        var burst = Acquire(limiter, 5);
        Assert.All(burst, t => Assert.True(t.IsCompleted));
        var sixth = limiter.AcquireAsync(1).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(10));
        limiter.OnResponse(Signal(limit: 5, remaining: 0, reset: TimeSpan.FromSeconds(2)), sent, throttled: false);
        var times = GrantTimes(time, [sixth]);

        // Without the signal the bucket would let the sixth go at 200 ms; the window of the five starts at 0 ends at 1 s.
        Assert.Equal(1000 - 10, times[0]);
    }

    [Fact]
    public void OnResponse_RemainingZeroAndServerResetSooner_HoldsOnlyUntilTheReset()
    {
        var (limiter, time) = Create(rate: 5, burst: 5);
        var sent = time.GetTimestamp();
        Acquire(limiter, 5);
        var sixth = limiter.AcquireAsync(1).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(10));
        limiter.OnResponse(Signal(limit: 5, remaining: 0, reset: TimeSpan.FromMilliseconds(300)), sent, throttled: false);
        var times = GrantTimes(time, [sixth]);

        Assert.Equal(300, times[0]);
    }

    [Fact]
    public void OnResponse_RemainingZeroAfterASlowRoundTrip_MovesTheWindowByHowMuchSlowerItWas()
    {
        var (limiter, time) = Create(rate: 4); // one start every 250 ms
        var a = limiter.AttemptAcquire();
        var sentA = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(1));
        limiter.OnResponse(Signal(limit: 4, remaining: 0), sentA, throttled: false); // fastest round trip: 1 ms
        a.Dispose();
        time.Advance(TimeSpan.FromMilliseconds(249));
        var b = limiter.AttemptAcquire();
        Assert.True(b.IsAcquired);
        var sentB = time.GetTimestamp();
        var c = limiter.AcquireAsync(1).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(30)); // b answered after 30 ms: it may have been counted 29 ms late
        limiter.OnResponse(Signal(limit: 4, remaining: 0), sentB, throttled: false);
        b.Dispose();
        var times = GrantTimes(time, [c]);

        Assert.Equal(250 + 29 + 250 - 280, times[0]); // not at its slot, 500
    }

    [Fact]
    public void OnResponse_FastThrottledAnswer_DoesNotMakeOrdinaryAnswersLookLate()
    {
        var (limiter, time) = Create(rate: 4); // one start every 250 ms; answers take 100 ms, a 429 takes 1 ms
        var a = limiter.AttemptAcquire();
        var sentA = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(100));
        limiter.OnResponse(Signal(limit: 4, remaining: 0), sentA, throttled: false);
        a.Dispose();
        var throttledSent = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(1));
        limiter.OnResponse(Signal(limit: 4, remaining: 0), throttledSent, throttled: true);
        time.Advance(TimeSpan.FromMilliseconds(1000));
        var earlier = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(100));
        limiter.OnResponse(Signal(remaining: 1), earlier, throttled: false);
        limiter.OnResponse(Signal(remaining: 1), earlier, throttled: false);
        var b = limiter.AttemptAcquire();
        Assert.True(b.IsAcquired);
        var sentB = time.GetTimestamp();
        var c = limiter.AcquireAsync(1).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(100)); // an ordinary 100 ms answer with the window used
        limiter.OnResponse(Signal(limit: 4, remaining: 0), sentB, throttled: false);
        b.Dispose();
        var times = GrantTimes(time, [c]);

        // c keeps its slot (b + 320 ms at the recovering 3.125/s); had the 1 ms 429 counted as the fastest round
        // trip, b's 100 ms would look 99 ms late and hold c until b + 99 + 253 ms.
        Assert.Equal(320 - 100, times[0]);
    }

    [Theory]
    [InlineData(true, 600.5)]   // answered at 600 ms with room: c goes at once
    [InlineData(false, 750)]    // never answered: c waits one more server interval, no longer
    public void AcquireAsync_ServerFullAndLastRequestUnansweredLongerThanUsual_WaitsForItsAnswer(bool answered, double expected)
    {
        var (limiter, time) = Create(rate: 4);
        var a = limiter.AttemptAcquire();
        var sentA = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(1));
        limiter.OnResponse(Signal(limit: 4, remaining: 0), sentA, throttled: false);
        a.Dispose();
        time.Advance(TimeSpan.FromMilliseconds(249));
        var b = limiter.AttemptAcquire();
        var sentB = time.GetTimestamp();
        var c = limiter.AcquireAsync(1).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(349.5));
        Assert.False(c.IsCompleted); // its slot (500 ms) passed, but b (sent at 250 ms) is still out
        time.Advance(TimeSpan.FromMilliseconds(0.5));
        if (answered)
        {
            limiter.OnResponse(Signal(limit: 4, remaining: 1), sentB, throttled: false);
            b.Dispose();
        }

        var times = GrantTimes(time, [c]);

        Assert.Equal(expected - 600, times[0]);
    }

    [Fact]
    public void OnResponse_RemainingPositive_DoesNotHold()
    {
        var (limiter, time) = Create(rate: 5, burst: 5);
        var sent = time.GetTimestamp();
        Acquire(limiter, 5);
        var sixth = limiter.AcquireAsync(1).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(10));
        limiter.OnResponse(Signal(limit: 5, remaining: 3, reset: TimeSpan.FromSeconds(1)), sent, throttled: false);
        var times = GrantTimes(time, [sixth]);

        Assert.Equal(200 - 10, times[0]);
    }

    [Fact]
    public void OnResponse_ServerLimitBelowConfigured_AdoptsItAndPacesBelowIt()
    {
        var (limiter, time) = Create(rate: 15, headroom: 0.02);
        var sent = time.GetTimestamp();
        Assert.True(limiter.AttemptAcquire().IsAcquired);

        limiter.OnResponse(Signal(limit: 5, remaining: 4), sent, throttled: false);
        var times = GrantTimes(time, Acquire(limiter, 3));

        Assert.Equal(5, limiter.PlanRate, 6);
        Assert.Equal(5, limiter.AdoptedRate);
        Assert.Equal(4.9, limiter.CurrentRate, 6);
        Assert.Equal(1, limiter.Adoptions);
        Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.InRange(gap, 204, 204.5));
    }

    [Fact]
    public void OnResponse_ServerLimitAboveConfigured_NeverRaisesTheRate()
    {
        var (limiter, time) = Create(rate: 15);

        limiter.OnResponse(Signal(limit: 1_000_000, remaining: 999_999), time.GetTimestamp(), throttled: false);

        Assert.Equal(15, limiter.PlanRate, 6);
        Assert.Null(limiter.AdoptedRate);
        Assert.Equal(15, limiter.CurrentRate, 6);
        Assert.Equal(0, limiter.Adoptions);
    }

    [Fact]
    public void OnResponse_ServerLimitRisesBackUpToConfigured_RecoversButNotBeyond()
    {
        var (limiter, time) = Create(rate: 10, recoveryStep: 1);
        limiter.OnResponse(Signal(limit: 4), time.GetTimestamp(), throttled: false);
        Assert.Equal(4, limiter.CurrentRate, 6);

        limiter.OnResponse(Signal(limit: 20), time.GetTimestamp(), throttled: false);
        limiter.OnResponse(Signal(limit: 20), time.GetTimestamp(), throttled: false);

        Assert.Equal(10, limiter.PlanRate, 6);
        Assert.Null(limiter.AdoptedRate);
        Assert.Equal(10, limiter.CurrentRate, 6);
    }

    [Fact]
    public void OnResponse_Throttled_SlowsDownHoldsOneNewIntervalThenRecovers()
    {
        var (limiter, time) = Create(rate: 10);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var next = limiter.AcquireAsync(1).AsTask();

        limiter.OnResponse(Signal(), time.GetTimestamp(), throttled: true);
        var times = GrantTimes(time, [next]);

        Assert.Equal(5, limiter.CurrentRate, 6);
        Assert.Equal(200, times[0]);
        limiter.OnResponse(Signal(remaining: 3), time.GetTimestamp(), throttled: false);
        Assert.Equal(6.25, limiter.CurrentRate, 6);
        limiter.OnResponse(Signal(remaining: 3), time.GetTimestamp(), throttled: false);
        limiter.OnResponse(Signal(remaining: 3), time.GetTimestamp(), throttled: false);
        limiter.OnResponse(Signal(remaining: 3), time.GetTimestamp(), throttled: false);
        Assert.Equal(10, limiter.CurrentRate, 6);
        Assert.Equal(5, limiter.LowestRate, 6);
        Assert.Equal(1, limiter.Slowdowns);
    }

    [Fact]
    public void OnResponse_ThrottledWhileCallersQueue_EverySharedCallerSlowsDown()
    {
        var (limiter, time) = Create(rate: 10);
        var queued = Acquire(limiter, 4);

        time.Advance(TimeSpan.FromMilliseconds(50));
        limiter.OnResponse(Signal(), time.GetTimestamp(), throttled: true);
        var times = GrantTimes(time, queued);

        // First at 0; the 429 at 50 ms holds until 50 + 200; then one every 200 ms at the halved rate.
        Assert.Equal([0, 250 - 50, 450 - 50, 650 - 50], times);
    }

    [Fact]
    public void OnResponse_SeveralThrottledForRequestsSentBeforeTheSlowdown_SlowsDownOnce()
    {
        var (limiter, time) = Create(rate: 40);
        var burstSent = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(10));

        limiter.OnResponse(Signal(), burstSent, throttled: true);
        limiter.OnResponse(Signal(), burstSent, throttled: true);
        limiter.OnResponse(Signal(), burstSent, throttled: true);
        Assert.Equal(20, limiter.CurrentRate, 6);

        time.Advance(TimeSpan.FromMilliseconds(50));
        limiter.OnResponse(Signal(), time.GetTimestamp(), throttled: true);
        Assert.Equal(10, limiter.CurrentRate, 6);
        Assert.Equal(10, limiter.LowestRate, 6);
        Assert.Equal(2, limiter.Slowdowns);
    }

    [Theory]
    [InlineData(0, 112.5)] // the server has no room: never closer than halfway to the plan's 100 ms
    [InlineData(3, 100)]   // the server reported room: the next due start follows at once (its slot, 250 ms)
    public async Task AcquireAsync_LateTimer_CatchesUpBackOntoTheSchedule(long remaining, double nextGap)
    {
        // Plan 10/s, paced at 8/s: slots at 0, 125, 250, 375 ms.
        var fake = new FakeTimeProvider();
        var time = new LateTimerTimeProvider(fake);
        using var limiter = new AdaptiveRateLimiter(new ListingApiOptions { RequestsPerSecond = 10, RateHeadroom = 0.2 }, time);
        var first = limiter.AcquireAsync(1).AsTask();
        limiter.OnResponse(Signal(remaining: remaining), time.GetTimestamp(), throttled: false);
        (await first).Dispose(); // answered at once
        time.LateOnce = TimeSpan.FromMilliseconds(25);
        var leases = Acquire(limiter, 3);

        fake.Advance(TimeSpan.FromMilliseconds(149.5));
        Assert.False(leases[0].IsCompleted);
        fake.Advance(TimeSpan.FromMilliseconds(0.5)); // the timer due at 125 ms fires 25 ms late
        Assert.True(leases[0].IsCompleted);
        (await leases[0]).Dispose();
        var times = GrantTimes(fake, leases[1..]);

        Assert.Equal(nextGap, times[0]);     // 150 + gap instead of 150 + 125
        Assert.Equal(375 - 150, times[1]);   // back on the 125 ms schedule
    }

    [Fact]
    public void AcquireAsync_AfterIdle_RestartsTheScheduleWithoutABurst()
    {
        var (limiter, time) = Create(rate: 10);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromSeconds(5));

        var times = GrantTimes(time, Acquire(limiter, 3));

        Assert.Equal([0, 100, 200], times);
    }

    [Fact]
    public void AttemptAcquire_Burst_AllowsBackToBackAfterIdleThenPaces()
    {
        var (limiter, time) = Create(rate: 10, burst: 3);

        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_WaiterCancelled_LeavesTheQueueAndTheNextMovesUp()
    {
        var (limiter, time) = Create(rate: 10);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(1, cancel.Token).AsTask();
        var next = limiter.AcquireAsync(1).AsTask();

        await cancel.CancelAsync();
        var times = GrantTimes(time, [next]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(100, times[0]);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
    }

    [Fact]
    public async Task Dispose_WithWaiters_FailsThemInsteadOfHanging()
    {
        var (limiter, _) = Create(rate: 1);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var waiter = limiter.AcquireAsync(1).AsTask();

        limiter.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiter);
    }
}

using Microsoft.Extensions.Time.Testing;
using PropGrade.ListingApi.Resilience;

namespace PropGrade.ListingApi.Tests.Resilience;

public sealed class AdaptiveRateLimiterTests
{
    private static (AdaptiveRateLimiter Limiter, FakeTimeProvider Time) Create(double rate = 10, int burst = 1)
    {
        var time = new FakeTimeProvider();
        var options = new ListingApiOptions { RequestsPerSecond = rate, Burst = burst, RateRecoveryStep = 0.25 };
        return (new AdaptiveRateLimiter(options, time), time);
    }

    [Fact]
    public void AttemptAcquire_AtConfiguredRate_SpacesPermitsByOneInterval()
    {
        var (limiter, time) = Create(rate: 10);

        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void AttemptAcquire_Burst_AllowsBackToBackAfterIdle()
    {
        var (limiter, _) = Create(rate: 10, burst: 3);

        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void OnThrottled_Per429_HalvesRatePausesOneNewIntervalThenRecovers()
    {
        var (limiter, time) = Create(rate: 10);

        limiter.OnThrottled(time.GetTimestamp());

        Assert.Equal(5, limiter.CurrentRate, 6);
        time.Advance(TimeSpan.FromMilliseconds(190));
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        limiter.OnResponse(remaining: 3, reset: null);
        Assert.Equal(6.25, limiter.CurrentRate, 6);
        limiter.OnResponse(remaining: 3, reset: null);
        limiter.OnResponse(remaining: 3, reset: null);
        limiter.OnResponse(remaining: 3, reset: null);
        Assert.Equal(10, limiter.CurrentRate, 6);
    }

    [Fact]
    public void OnThrottled_SeveralForRequestsSentBeforeTheSlowdown_SlowsDownOnce()
    {
        var (limiter, time) = Create(rate: 40);
        var burstSent = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(10));

        limiter.OnThrottled(burstSent);
        limiter.OnThrottled(burstSent);
        limiter.OnThrottled(burstSent);
        Assert.Equal(20, limiter.CurrentRate, 6);

        time.Advance(TimeSpan.FromMilliseconds(50));
        limiter.OnThrottled(time.GetTimestamp());
        Assert.Equal(10, limiter.CurrentRate, 6);
        Assert.Equal(10, limiter.LowestRate, 6);
    }

    [Fact]
    public void OnResponse_RemainingZero_PausesOneIntervalNotTheWholeReset()
    {
        var (limiter, time) = Create(rate: 10, burst: 5);

        limiter.OnResponse(remaining: 0, reset: TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromMilliseconds(90));
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void OnResponse_RemainingZeroAndResetSooner_PausesUntilReset()
    {
        var (limiter, time) = Create(rate: 10, burst: 5);

        limiter.OnResponse(remaining: 0, reset: TimeSpan.FromMilliseconds(40));

        time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_WaiterQueuedBeforePause_IsMovedBehindThePause()
    {
        var (limiter, time) = Create(rate: 10);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var waiter = limiter.AcquireAsync(1).AsTask();
        Assert.False(waiter.IsCompleted);

        limiter.OnThrottled(time.GetTimestamp());
        time.Advance(TimeSpan.FromMilliseconds(100));
        await Task.Delay(50);
        Assert.False(waiter.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(300));
        using var lease = await waiter.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(lease.IsAcquired);
    }
}

using Microsoft.Extensions.Time.Testing;
using PropGrade.ListingApi.Resilience;

namespace PropGrade.ListingApi.Tests.Resilience;

public sealed class AdaptiveRateLimiterTests
{
    private static (AdaptiveRateLimiter Limiter, FakeTimeProvider Time) Create(double rate = 10, int burst = 1)
    {
        var time = new FakeTimeProvider();
        var options = new ListingApiOptions { RequestsPerSecond = rate, Burst = burst, RateRecoveryStep = 0.25, MaxHeaderPause = TimeSpan.FromSeconds(1) };
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
    public void OnThrottled_WithRetryAfter_HalvesRateAndPausesThenRecovers()
    {
        var (limiter, time) = Create(rate: 10);

        limiter.OnThrottled(TimeSpan.FromSeconds(2));

        Assert.Equal(5, limiter.CurrentRate, 6);
        time.Advance(TimeSpan.FromMilliseconds(1990));
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        limiter.OnResponse(remaining: 3, reset: null);
        limiter.OnResponse(remaining: 3, reset: null);
        Assert.Equal(10, limiter.CurrentRate, 6);
    }

    [Fact]
    public void OnResponse_RemainingZero_PausesUntilReset()
    {
        var (limiter, time) = Create(rate: 100);

        limiter.OnResponse(remaining: 0, reset: TimeSpan.FromMilliseconds(500));

        time.Advance(TimeSpan.FromMilliseconds(490));
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

        limiter.OnThrottled(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromMilliseconds(150));
        await Task.Delay(50);
        Assert.False(waiter.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(900));
        using var lease = await waiter.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(lease.IsAcquired);
    }
}

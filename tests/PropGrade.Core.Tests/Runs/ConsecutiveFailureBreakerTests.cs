using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Runs;

public sealed class ConsecutiveFailureBreakerTests
{
    [Fact]
    public void RecordFailure_ThresholdInARow_TripsWithClearReason()
    {
        var breaker = new ConsecutiveFailureBreaker(3);

        Assert.False(breaker.RecordFailure("http_503"));
        Assert.False(breaker.RecordFailure("timeout"));
        Assert.True(breaker.RecordFailure("http_503"));

        Assert.True(breaker.IsTripped);
        Assert.Contains("3 agents in a row", breaker.Reason, StringComparison.Ordinal);
        Assert.Contains("http_503", breaker.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordSuccess_BetweenFailures_ResetsTheStreak()
    {
        var breaker = new ConsecutiveFailureBreaker(2);

        breaker.RecordFailure("http_503");
        breaker.RecordSuccess();
        breaker.RecordFailure("http_503");

        Assert.False(breaker.IsTripped);
        Assert.Null(breaker.Reason);
        Assert.Equal(1, breaker.ConsecutiveFailures);
    }

    [Fact]
    public void RecordSuccess_AfterTrip_StaysTripped()
    {
        var breaker = new ConsecutiveFailureBreaker(1);
        Assert.True(breaker.RecordFailure("reset"));

        breaker.RecordSuccess();

        Assert.True(breaker.IsTripped);
        Assert.False(breaker.RecordFailure("reset"));
    }

    [Fact]
    public async Task RecordFailure_ConcurrentFailures_TripsExactlyOnce()
    {
        var breaker = new ConsecutiveFailureBreaker(50);
        var trips = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                if (breaker.RecordFailure("http_500"))
                {
                    Interlocked.Increment(ref trips);
                }
            }
        })));

        Assert.Equal(1, trips);
        Assert.True(breaker.IsTripped);
    }

    [Fact]
    public void Constructor_ZeroThreshold_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsecutiveFailureBreaker(0));
    }
}

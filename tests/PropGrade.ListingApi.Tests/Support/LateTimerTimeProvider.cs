using Microsoft.Extensions.Time.Testing;

namespace PropGrade.ListingApi.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose next armed timer fires <see cref="LateOnce"/> after its due time (then
/// the lateness is used up): a stalled machine's late timer, on a fake clock.
/// </summary>
internal sealed class LateTimerTimeProvider(FakeTimeProvider inner) : TimeProvider
{
    private readonly Lock _gate = new();
    private TimeSpan _lateOnce;

    public FakeTimeProvider Inner { get; } = inner;

    public TimeSpan LateOnce
    {
        set
        {
            lock (_gate)
            {
                _lateOnce = value;
            }
        }
    }

    public override long TimestampFrequency => Inner.TimestampFrequency;

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new LateTimer(this, Inner.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private TimeSpan Late(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return dueTime;
        }

        lock (_gate)
        {
            var late = _lateOnce;
            _lateOnce = TimeSpan.Zero;
            return dueTime + late;
        }
    }

    private sealed class LateTimer(LateTimerTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Late(dueTime), period);

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

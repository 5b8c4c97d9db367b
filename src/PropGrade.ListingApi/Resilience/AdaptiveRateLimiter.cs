using System.Threading.RateLimiting;

namespace PropGrade.ListingApi.Resilience;

/// <summary>
/// The client's pacing limiter (a <see cref="RateLimiter"/> plugged into Polly's rate-limiter strategy, one permit per
/// attempt). It spaces request STARTS evenly at the target rate, shared by every caller: N callers in flight get the
/// rate in total, FIFO, and the latency of one request overlaps the spacing of the next.
/// <list type="bullet">
/// <item>Target rate: the plan's rate (<c>RequestsPerSecond</c>, or the server's lower <c>x-ratelimit-limit</c> per
/// <c>RateLimitWindow</c>, never higher than configured) times (1 - <c>RateHeadroom</c>): just below the plan.</item>
/// <item>Schedule (GCRA): release k is due at slot S; a release that a late timer let out after its slot does not
/// shift the schedule: the next ones catch up (at most one interval of lateness, or as many intervals as the server
/// last said it had room for). While the server's last word was
/// "no room" (<c>x-ratelimit-remaining: 0</c> or a 429) two starts are never closer than halfway between the target
/// and the plan's interval, so catching up never bunches requests at a server without slack; when it reported room,
/// a late start may be followed at once by the next due one. After idle the schedule restarts (no saved-up burst
/// beyond <c>Burst</c>).</item>
/// <item><c>x-ratelimit-remaining: 0</c> = the window is used: nothing starts before the window resets, per
/// <c>x-ratelimit-reset</c> (seconds or a timestamp) or, when our own starts say sooner, the start of the oldest of
/// the last <c>limit</c> requests plus the window (and at least one server interval after the request's own start,
/// moved by the excess when its round trip took more than twice the fastest recent one: it may have reached the
/// server late; while such a request is still unanswered, the next start waits for it, at most one server interval).
/// With even spacing this costs nothing; it never adds a full interval after the response.</item>
/// <item>A per-second 429 multiplies the rate by <c>RateDecreaseFactor</c> (once per congestion event: 429s for
/// requests sent before the last slowdown do not count again) and holds new starts for one interval at the new rate
/// (or until the reset, when sooner); every other response raises the rate by <c>RateRecoveryStep</c>, up to the
/// target.</item>
/// </list>
/// Never rejects: callers queue until released or cancelled. All time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class AdaptiveRateLimiter : RateLimiter
{
    private const int HistoryCapacity = 1024;
    private const int RoundTripCapacity = 64;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly ITimer _timer;
    private readonly double _configuredRate;
    private readonly double _headroom;
    private readonly double _minRateFraction;
    private readonly int _burst;
    private readonly double _decrease;
    private readonly double _recoveryStep;
    private readonly TimeSpan _window;
    private readonly LinkedList<Waiter> _queue = new();
    private readonly TimeSpan[] _history = new TimeSpan[HistoryCapacity];
    private int _historyCount;
    private int _historyNext;
    private readonly TimeSpan[] _roundTrips = new TimeSpan[RoundTripCapacity];
    private int _roundTripCount;
    private int _roundTripNext;
    private double _planRate;
    private double _rate;
    private double _lowestRate;
    private long? _serverLimit;
    private double? _adoptedRate;
    private long _adoptions;
    private long _slowdowns;
    private TimeSpan _nextSlot = TimeSpan.MinValue;
    private TimeSpan _lastRelease = TimeSpan.MinValue;
    private TimeSpan _notBefore = TimeSpan.MinValue;
    private TimeSpan _lastDecrease = TimeSpan.MinValue;
    private TimeSpan _timerDue = TimeSpan.MaxValue;
    private long _granted;
    private bool _serverFull;
    private bool _lastOpen;
    private long _serverRoom = 1;
    private bool _disposed;

    public AdaptiveRateLimiter(ListingApiOptions options, TimeProvider time)
    {
        _time = time;
        _origin = time.GetTimestamp();
        _configuredRate = options.RequestsPerSecond;
        _headroom = options.RateHeadroom;
        _minRateFraction = options.MinRateFraction;
        _burst = options.Burst;
        _decrease = options.RateDecreaseFactor;
        _recoveryStep = options.RateRecoveryStep;
        _window = options.RateLimitWindow;
        _planRate = _configuredRate;
        _rate = TargetRate();
        _lowestRate = _rate;
        _timer = time.CreateTimer(static s => ((AdaptiveRateLimiter)s!).Pump(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The rate the limiter paces at right now (requests per second).</summary>
    public double CurrentRate
    {
        get
        {
            lock (_gate)
            {
                return _rate;
            }
        }
    }

    /// <summary>The lowest rate the limiter has paced at so far.</summary>
    public double LowestRate
    {
        get
        {
            lock (_gate)
            {
                return _lowestRate;
            }
        }
    }

    /// <summary>The plan's rate in force: the configured rate, or the server's lower <c>x-ratelimit-limit</c> per window.</summary>
    public double PlanRate
    {
        get
        {
            lock (_gate)
            {
                return _planRate;
            }
        }
    }

    /// <summary>The server's rate (requests per second) when its <c>x-ratelimit-limit</c> is below the configured rate; null otherwise.</summary>
    public double? AdoptedRate
    {
        get
        {
            lock (_gate)
            {
                return _adoptedRate;
            }
        }
    }

    /// <summary>How often the plan's rate changed because of the server's <c>x-ratelimit-limit</c>.</summary>
    public long Adoptions => Interlocked.Read(ref _adoptions);

    /// <summary>How often a per-second 429 slowed the rate down.</summary>
    public long Slowdowns => Interlocked.Read(ref _slowdowns);

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count > 0 || _lastRelease == TimeSpan.MinValue ? null : Now() - _lastRelease;
            }
        }
    }

    /// <summary>
    /// What the server said about its rate limit in one response to a request that started at
    /// <paramref name="sentTimestamp"/> and was answered (headers) at <paramref name="answeredTimestamp"/> (now when
    /// null; <see cref="TimeProvider"/> timestamps). <paramref name="throttled"/>: the response was a per-second 429.
    /// <paramref name="fullAnswer"/>: the server did its whole work (a 2xx), so its round trip is a fair sample of
    /// the usual one (error answers such as 401/403/429 come back before that work and would look fast).
    /// </summary>
    public void OnResponse(RateLimitSignal signal, long sentTimestamp, bool throttled, long? answeredTimestamp = null, bool fullAnswer = true)
    {
        lock (_gate)
        {
            var now = Now();
            var sent = _time.GetElapsedTime(_origin, sentTimestamp);
            var roundTrip = answeredTimestamp is { } answered ? _time.GetElapsedTime(sentTimestamp, answered) : now - sent;
            if (!throttled && fullAnswer)
            {
                // A 429 (or a gateway error) is answered before the server's own work and latency: it would make
                // every later answer look slow. Only answers that went the whole way count.
                _roundTrips[_roundTripNext] = roundTrip;
                _roundTripNext = (_roundTripNext + 1) % RoundTripCapacity;
                _roundTripCount = Math.Min(_roundTripCount + 1, RoundTripCapacity);
            }

            if (signal.Limit is { } limit and > 0)
            {
                Adopt(limit);
            }

            _serverFull = throttled || signal.Remaining is 0;
            _serverRoom = throttled ? 0 : Math.Clamp(signal.Remaining ?? 1, 0, 1000);
            if (throttled)
            {
                if (sent >= _lastDecrease)
                {
                    _rate = Math.Max(_planRate * _minRateFraction, _rate * _decrease);
                    _lowestRate = Math.Min(_lowestRate, _rate);
                    _lastDecrease = now;
                    _slowdowns++;
                    SlowedDown();
                }

                var hold = now + Interval();
                HoldUntil(signal.Reset is { } reset ? Min(hold, now + reset) : hold);
                return;
            }

            _rate = Math.Min(TargetRate(), _rate * (1 + _recoveryStep));
            if (signal.Remaining is 0)
            {
                HoldUntil(WindowReset(now, sent, roundTrip, signal.Reset));
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = 0,
                CurrentQueuedCount = _queue.Count,
                TotalFailedLeases = 0,
                TotalSuccessfulLeases = _granted,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermits(permitCount);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = Now();
            if (_queue.Count > 0 || now < Earliest(now))
            {
                return Lease.Denied;
            }

            return Release(now, now);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermits(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = Now();
            if (_queue.Count == 0 && now >= Earliest(now))
            {
                return ValueTask.FromResult<RateLimitLease>(Release(now, now));
            }

            waiter = new Waiter(this, now);
            waiter.Node = _queue.AddLast(waiter);
            ScheduleLocked(now);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (s, token) => ((Waiter)s!).Limiter.Cancel((Waiter)s!, token), waiter);
            if (waiter.Completion.Task.IsCompleted)
            {
                waiter.Registration.Dispose(); // released before the registration existed
            }
        }

        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        List<Waiter> abandoned;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            abandoned = [.. _queue];
            _queue.Clear();
        }

        _timer.Dispose();
        foreach (var waiter in abandoned)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(AdaptiveRateLimiter)));
        }
    }

    private static void CheckPermits(int permitCount)
    {
        if (permitCount != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "The pacing limiter hands out one permit per request.");
        }
    }

    /// <summary>Releases every waiter whose slot has come and arms the timer for the next one.</summary>
    private void Pump()
    {
        List<(Waiter Waiter, Lease Lease)>? ready = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _timerDue = TimeSpan.MaxValue;
            var now = Now();
            while (_queue.First is { } first && now >= Earliest(now))
            {
                _queue.RemoveFirst();
                first.Value.Node = null;
                (ready ??= []).Add((first.Value, Release(now, first.Value.Arrived)));
            }

            ScheduleLocked(now);
        }

        if (ready is null)
        {
            return;
        }

        foreach (var (waiter, lease) in ready)
        {
            waiter.Registration.Dispose();
            if (!waiter.Completion.TrySetResult(lease))
            {
                lease.Dispose();
            }
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_gate)
        {
            if (waiter.Node is null)
            {
                return; // already released (or disposed): the release wins
            }

            _queue.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Completion.TrySetCanceled(token);
    }

    private void ScheduleLocked(TimeSpan now)
    {
        if (_queue.Count == 0)
        {
            return;
        }

        var due = Max(Earliest(now), now + TimeSpan.FromTicks(1));
        if (due >= _timerDue)
        {
            return; // the armed timer fires first and re-arms
        }

        _timerDue = due;
        _timer.Change(due - now, Timeout.InfiniteTimeSpan);
    }

    /// <summary>When the next request may start (as seen at <paramref name="now"/>).</summary>
    private TimeSpan Earliest(TimeSpan now)
    {
        if (_nextSlot == TimeSpan.MinValue)
        {
            return _notBefore;
        }

        var interval = Interval();
        var earliest = _nextSlot - (interval * (_burst - 1));
        if (_burst == 1 && _serverFull && _lastRelease != TimeSpan.MinValue)
        {
            earliest = Max(earliest, _lastRelease + MinGap(interval));

            // The server has no room and the last request is still unanswered long after the fastest recent round
            // trip: it may not have been counted yet. Wait for its answer (which re-estimates the window), for at
            // most one more server interval.
            if (_lastOpen && _roundTripCount > 0)
            {
                var serverInterval = ServerInterval();
                if (now - _lastRelease > FastestRoundTrip() + (serverInterval / 4))
                {
                    earliest = Max(earliest, _lastRelease + (serverInterval * 2));
                }
            }
        }

        return Max(earliest, _notBefore);
    }

    /// <summary>
    /// A request starts now (it asked at <paramref name="arrived"/>). The next slot is one interval after the moment
    /// this one became due (its slot, the end of a hold, or its arrival when it found the limiter idle; the burst
    /// allowance and the catch-up gap do not move the schedule): a release that a late timer let
    /// out after that moment does not shift the schedule, and the following ones catch up (never closer than the
    /// minimum gap while the server has no room). At most one interval of lateness is caught up, or as many as the
    /// server last said it had room for (<c>x-ratelimit-remaining</c>): a token bucket refills while we stall.
    /// </summary>
    private Lease Release(TimeSpan now, TimeSpan arrived)
    {
        var interval = Interval();
        var due = Max(Max(_nextSlot, _notBefore), arrived);
        _nextSlot = Max(due, now - (interval * Math.Max(1, _serverRoom))) + interval;
        _lastRelease = now;
        _lastOpen = true;
        _granted++;
        _history[_historyNext] = now;
        _historyNext = (_historyNext + 1) % HistoryCapacity;
        _historyCount = Math.Min(_historyCount + 1, HistoryCapacity);
        return new Lease(this, _granted);
    }

    /// <summary>The attempt holding lease <paramref name="sequence"/> ended (Polly disposes the lease after the attempt).</summary>
    private void Closed(long sequence)
    {
        lock (_gate)
        {
            if (sequence != _granted || !_lastOpen)
            {
                return;
            }

            _lastOpen = false;
            if (!_disposed)
            {
                ScheduleLocked(Now()); // a start that waited for this answer may go now (via the timer: no recursion)
            }
        }
    }

    /// <summary>
    /// The server's <c>x-ratelimit-limit</c> (requests per <see cref="ListingApiOptions.RateLimitWindow"/>) becomes the
    /// plan's rate when lower than configured; never above it.
    /// </summary>
    private void Adopt(long limit)
    {
        _serverLimit = limit;
        var serverRate = limit / _window.TotalSeconds;
        var plan = Math.Min(_configuredRate, serverRate);
        if (Math.Abs(plan - _planRate) < 1e-9)
        {
            return;
        }

        _planRate = plan;
        _adoptedRate = plan < _configuredRate ? plan : null;
        _rate = Math.Min(_rate, TargetRate());
        _lowestRate = Math.Min(_lowestRate, _rate);
        _adoptions++;
        SlowedDown();
    }

    /// <summary>After the rate went down, the next slot is one new interval after the last start (not the old, closer slot).</summary>
    private void SlowedDown()
    {
        if (_lastRelease != TimeSpan.MinValue)
        {
            _nextSlot = Max(_nextSlot, _lastRelease + Interval());
        }
    }

    /// <summary>
    /// When the window that a request started at <paramref name="sent"/> used up resets: the server's
    /// <c>x-ratelimit-reset</c> (from <paramref name="now"/>, the response), or sooner when our own starts show it:
    /// the oldest of the last <c>limit</c> starts plus the window, and at least one server interval after the moment
    /// the server may have counted the request. That is its start, or later when its round trip took more than twice
    /// the fastest recent one (it may have reached the server late: by the excess, at most one server interval;
    /// smaller excesses are ordinary latency jitter, mostly after the server counted the request). Whole-second
    /// resets are rounded up by servers, so the earlier estimate wins.
    /// </summary>
    private TimeSpan WindowReset(TimeSpan now, TimeSpan sent, TimeSpan roundTrip, TimeSpan? reset)
    {
        var limit = ServerLimit();
        var serverInterval = _window / limit;
        var fastest = FastestRoundTrip();
        var excess = roundTrip - fastest;
        var late = excess > fastest ? Min(excess, serverInterval) : TimeSpan.Zero;
        var margin = MinGap(Interval()) - PlanInterval();
        var own = sent + late + serverInterval + Max(margin, TimeSpan.Zero);
        if (limit <= _historyCount && OldestOfLast(sent, limit) is { } oldest)
        {
            own = Max(own, oldest + _window);
        }

        return reset is { } r ? Min(own, now + r) : own;
    }

    /// <summary>The start of the <paramref name="count"/>-th most recent release at or before <paramref name="at"/>.</summary>
    private TimeSpan? OldestOfLast(TimeSpan at, long count)
    {
        var seen = 0L;
        for (var i = 1; i <= _historyCount; i++)
        {
            var release = _history[((_historyNext - i) % HistoryCapacity + HistoryCapacity) % HistoryCapacity];
            if (release > at)
            {
                continue;
            }

            if (++seen == count)
            {
                return release;
            }
        }

        return null;
    }

    private long ServerLimit() => _serverLimit ?? Math.Max(1, (long)Math.Round(_planRate * _window.TotalSeconds));

    private TimeSpan ServerInterval() => _window / ServerLimit();

    private TimeSpan FastestRoundTrip()
    {
        var fastest = TimeSpan.MaxValue;
        for (var i = 0; i < _roundTripCount; i++)
        {
            fastest = Min(fastest, _roundTrips[i]);
        }

        return fastest;
    }

    private void HoldUntil(TimeSpan until)
    {
        if (until > _notBefore)
        {
            _notBefore = until;
        }
    }

    private double TargetRate() => _planRate * (1 - _headroom);

    private TimeSpan Interval() => TimeSpan.FromSeconds(1 / _rate);

    /// <summary>
    /// The closest two releases may be while catching up when the server has no room: halfway between the interval and
    /// the plan's interval.
    /// </summary>
    private TimeSpan PlanInterval() => TimeSpan.FromSeconds(1 / _planRate);

    private TimeSpan MinGap(TimeSpan interval)
    {
        var plan = PlanInterval();
        return plan < interval ? plan + ((interval - plan) / 2) : interval;
    }

    private TimeSpan Now() => _time.GetElapsedTime(_origin);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class Waiter(AdaptiveRateLimiter limiter, TimeSpan arrived)
    {
        public AdaptiveRateLimiter Limiter { get; } = limiter;

        public TimeSpan Arrived { get; } = arrived;

        /// <summary>
        /// Completed on the limiter's timer thread; the caller's continuation runs there directly (no extra hop
        /// through the thread pool), so the request starts as close to its slot as the machine allows.
        /// </summary>
        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.None);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Lease(AdaptiveRateLimiter? limiter, long sequence) : RateLimitLease
    {
        public static readonly Lease Denied = new(null, 0);
        private int _disposed;

        public override bool IsAcquired => limiter is not null;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && limiter is not null && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                limiter.Closed(sequence);
            }
        }
    }
}

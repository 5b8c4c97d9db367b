using System.Threading.RateLimiting;

namespace PropGrade.ListingApi.Resilience;

/// <summary>
/// A pacing rate limiter (GCRA: requests start at most <c>rate</c> per second, <c>burst</c> back to back after idle)
/// that adapts to the server: a per-second 429 multiplies the rate by <c>decrease</c> and pauses every caller for one
/// interval at the new rate (the throttled request itself waits for its Retry-After in the retry strategy);
/// <c>x-ratelimit-remaining: 0</c> pauses new requests for one interval, or until <c>x-ratelimit-reset</c> when that is
/// sooner (a token bucket frees a request per interval; waiting for a coarse whole-second reset would waste quota);
/// every other response raises the rate by a small factor, back up to the configured one. Waiters queued before a pause are
/// rescheduled after it. Never rejects; cancellation ends a wait.
/// </summary>
internal sealed class AdaptiveRateLimiter : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly double _configuredRate;
    private readonly double _minRate;
    private readonly int _burst;
    private readonly double _decrease;
    private readonly double _recoveryStep;
    private double _rate;
    private double _lowestRate;
    private TimeSpan _lastDecrease = TimeSpan.MinValue;
    private TimeSpan _lastRelease = TimeSpan.MinValue;
    private TimeSpan _theoreticalArrival;
    private TimeSpan _pausedUntil;
    private long _pauseEpoch;

    public AdaptiveRateLimiter(ListingApiOptions options, TimeProvider time)
    {
        _time = time;
        _origin = time.GetTimestamp();
        _configuredRate = options.RequestsPerSecond;
        _rate = _configuredRate;
        _lowestRate = _configuredRate;
        _minRate = _configuredRate * options.MinRateFraction;
        _burst = options.Burst;
        _decrease = options.RateDecreaseFactor;
        _recoveryStep = options.RateRecoveryStep;
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

    /// <summary>The lowest rate the limiter has slowed down to so far.</summary>
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

    public override TimeSpan? IdleDuration => null;

    /// <summary>
    /// A per-second 429 for a request sent at <paramref name="sentTimestamp"/> (a <see cref="TimeProvider"/>
    /// timestamp): slow down, unless the request left before the last slowdown (the 429s of one burst are one
    /// congestion event), and pause everyone for one interval at the new rate.
    /// </summary>
    public void OnThrottled(long sentTimestamp)
    {
        lock (_gate)
        {
            var now = Now();
            if (_time.GetElapsedTime(_origin, sentTimestamp) >= _lastDecrease)
            {
                _rate = Math.Max(_minRate, _rate * _decrease);
                _lowestRate = Math.Min(_lowestRate, _rate);
                _lastDecrease = now;
            }

            PauseUntil(now + Interval());
        }
    }

    /// <summary>A response that was not a 429: recover the rate and obey <c>x-ratelimit-remaining: 0</c>.</summary>
    public void OnResponse(long? remaining, TimeSpan? reset)
    {
        lock (_gate)
        {
            _rate = Math.Min(_configuredRate, _rate * (1 + _recoveryStep));
            if (remaining is 0)
            {
                var interval = Interval();
                PauseUntil(Now() + (reset is { } r && r > TimeSpan.Zero ? Min(r, interval) : interval));
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = 0,
        CurrentQueuedCount = 0,
        TotalFailedLeases = 0,
        TotalSuccessfulLeases = 0,
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            var now = Now();
            var interval = Interval();
            var start = Max(Max(now, _theoreticalArrival - (interval * (_burst - 1))), _pausedUntil);
            if (start > now)
            {
                return Lease.Denied;
            }

            _theoreticalArrival = Max(_theoreticalArrival, now) + interval;
            return Lease.Granted;
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            long epoch;
            lock (_gate)
            {
                var now = Now();
                var interval = Interval();
                var start = Max(Max(now, _theoreticalArrival - (interval * (_burst - 1))), _pausedUntil);
                _theoreticalArrival = Max(_theoreticalArrival, start) + interval;
                wait = start - now;
                epoch = _pauseEpoch;
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }

            lock (_gate)
            {
                // A pause that began while this caller waited moves it behind the pause.
                if (epoch == _pauseEpoch || wait <= TimeSpan.Zero)
                {
                    // With strict pacing (burst 1), timers that fired late (a stalled machine) must not release a
                    // bunch of requests at once: keep 90 % of an interval between actual releases, so the schedule
                    // catches up gently instead of draining the server's bucket.
                    var now = Now();
                    var gap = _burst == 1 ? Interval() * 0.9 : TimeSpan.Zero;
                    if (_lastRelease == TimeSpan.MinValue || now - _lastRelease >= gap)
                    {
                        _lastRelease = now;
                        return Lease.Granted;
                    }

                    wait = gap - (now - _lastRelease);
                    _lastRelease += gap;
                }
                else
                {
                    wait = TimeSpan.MinValue;
                }
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
                return Lease.Granted;
            }
        }
    }

    /// <summary>
    /// Every caller still waiting re-acquires after a pause, so the schedule restarts at the pause's end (keeping the
    /// old queue's slots would waste one slot per waiter).
    /// </summary>
    private void PauseUntil(TimeSpan until)
    {
        if (until > _pausedUntil)
        {
            _pausedUntil = until;
            _theoreticalArrival = until;
            _pauseEpoch++;
        }
    }

    private TimeSpan Now() => _time.GetElapsedTime(_origin);

    private TimeSpan Interval() => TimeSpan.FromSeconds(1 / _rate);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);
        public static readonly Lease Denied = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

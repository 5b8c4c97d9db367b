using System.Collections.Concurrent;

namespace PropGrade.Simulator.Api;

/// <summary>
/// Per-key limits. Short window: a token bucket refilled at <c>rate</c> tokens/s holding at most
/// <c>max(1, rate / 10)</c> tokens (a client may burst a tenth of a second's worth). Period quota: admitted requests
/// counted per key; at the quota every further request is a quota 429 (not transient) until the period renews (periods
/// of <c>quotaPeriod</c> counted from the limiter's creation). 429s consume neither. An unlimited quota is reported in
/// the headers as <see cref="UnlimitedQuota"/>; without a per-second rate the x-ratelimit-limit/-remaining/-reset
/// figures are not reported at all (<see cref="HasRate"/>).
/// </summary>
internal sealed class KeyRateLimiter
{
    /// <summary>The per-second figures of a verdict without a per-second limit (not sent as headers).</summary>
    public const long UnlimitedRate = 1_000_000;

    /// <summary>What x-ratelimit-requests-limit says when there is no quota (remaining counts down from it).</summary>
    public const long UnlimitedQuota = 1_000_000_000;

    private readonly double _rate;
    private readonly double _capacity;
    private readonly long _quota;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly long _periodTicks;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public KeyRateLimiter(double ratePerSecond, long periodQuota, TimeProvider time, TimeSpan? quotaPeriod = null)
    {
        _rate = ratePerSecond;
        _capacity = Math.Max(1.0, ratePerSecond / 10.0);
        _quota = periodQuota;
        _time = time;
        _start = time.GetTimestamp();
        _periodTicks = (long)((quotaPeriod ?? TimeSpan.FromDays(30)).TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Whether a per-second rate is configured (then the x-ratelimit-limit/-remaining/-reset headers are sent).</summary>
    public bool HasRate => _rate > 0;

    /// <summary>The header figures for a key without consuming anything (for responses refused before the limiter).</summary>
    public RateVerdict Peek(string key)
    {
        var quotaLimit = _quota > 0 ? _quota : UnlimitedQuota;
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket(_capacity, _time.GetTimestamp());
        }

        lock (bucket)
        {
            Renew(bucket);
            return Verdict(RateOutcome.Admitted, bucket, quotaLimit);
        }
    }

    public RateVerdict Acquire(string key)
    {
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket(_capacity, _time.GetTimestamp()));
        lock (bucket)
        {
            var quotaLimit = _quota > 0 ? _quota : UnlimitedQuota;
            Renew(bucket);
            if (_quota > 0 && bucket.Used >= _quota)
            {
                return Verdict(RateOutcome.QuotaExceeded, bucket, quotaLimit);
            }

            if (_rate > 0)
            {
                var now = _time.GetTimestamp();
                var elapsed = (now - bucket.LastTimestamp) / (double)_time.TimestampFrequency;
                bucket.LastTimestamp = now;
                bucket.Tokens = Math.Min(_capacity, bucket.Tokens + (elapsed * _rate));
                if (bucket.Tokens < 1.0)
                {
                    return Verdict(RateOutcome.PerSecondExceeded, bucket, quotaLimit);
                }

                bucket.Tokens -= 1.0;
            }

            bucket.Used++;
            return Verdict(RateOutcome.Admitted, bucket, quotaLimit);
        }
    }

    /// <summary>The current period's index; a bucket whose usage belongs to an earlier period starts again at 0.</summary>
    private long Period(long now) => _periodTicks <= 0 ? 0 : (now - _start) / _periodTicks;

    private void Renew(Bucket bucket)
    {
        var period = Period(_time.GetTimestamp());
        if (bucket.Period != period)
        {
            bucket.Period = period;
            bucket.Used = 0;
        }
    }

    private long SecondsToRenewal()
    {
        var now = _time.GetTimestamp();
        var end = _start + ((Period(now) + 1) * _periodTicks);
        return (long)Math.Ceiling((end - now) / (double)_time.TimestampFrequency);
    }

    private RateVerdict Verdict(RateOutcome outcome, Bucket bucket, long quotaLimit)
    {
        var remainingQuota = Math.Max(0, quotaLimit - bucket.Used);
        var reset = SecondsToRenewal();
        if (_rate <= 0)
        {
            return new RateVerdict(outcome, quotaLimit, remainingQuota, reset, UnlimitedRate, UnlimitedRate, 0, 0);
        }

        var limit = (long)Math.Ceiling(_rate);
        var untilFull = (_capacity - bucket.Tokens) / _rate;
        var untilOne = Math.Max(0, (1.0 - bucket.Tokens) / _rate);
        return new RateVerdict(
            outcome,
            quotaLimit,
            remainingQuota,
            reset,
            limit,
            (long)Math.Floor(bucket.Tokens),
            (long)Math.Ceiling(Math.Max(0, untilFull)),
            Math.Max(1, (long)Math.Ceiling(untilOne)));
    }

    private sealed class Bucket(double tokens, long timestamp)
    {
        public double Tokens { get; set; } = tokens;

        public long LastTimestamp { get; set; } = timestamp;

        public long Used { get; set; }

        public long Period { get; set; }
    }
}

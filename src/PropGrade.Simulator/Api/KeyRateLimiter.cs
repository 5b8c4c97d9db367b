using System.Collections.Concurrent;

namespace PropGrade.Simulator.Api;

/// <summary>
/// Per-key limits. Short window: a token bucket refilled at <c>rate</c> tokens/s holding at most
/// <c>max(1, rate / 10)</c> tokens (a client may burst a tenth of a second's worth). Period quota: admitted requests
/// counted per key; at the quota every further request is a quota 429 (not transient). 429s consume neither.
/// Unlimited values are reported in the headers as <see cref="UnlimitedRate"/> / <see cref="UnlimitedQuota"/>.
/// </summary>
internal sealed class KeyRateLimiter
{
    /// <summary>What x-ratelimit-limit / -remaining say when there is no per-second limit.</summary>
    public const long UnlimitedRate = 1_000_000;

    /// <summary>What x-ratelimit-requests-limit says when there is no quota (remaining counts down from it).</summary>
    public const long UnlimitedQuota = 1_000_000_000;

    private readonly double _rate;
    private readonly double _capacity;
    private readonly long _quota;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public KeyRateLimiter(double ratePerSecond, long periodQuota, TimeProvider time)
    {
        _rate = ratePerSecond;
        _capacity = Math.Max(1.0, ratePerSecond / 10.0);
        _quota = periodQuota;
        _time = time;
    }

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
            return Verdict(RateOutcome.Admitted, bucket, quotaLimit);
        }
    }

    public RateVerdict Acquire(string key)
    {
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket(_capacity, _time.GetTimestamp()));
        lock (bucket)
        {
            var quotaLimit = _quota > 0 ? _quota : UnlimitedQuota;
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

    private RateVerdict Verdict(RateOutcome outcome, Bucket bucket, long quotaLimit)
    {
        var remainingQuota = Math.Max(0, quotaLimit - bucket.Used);
        if (_rate <= 0)
        {
            return new RateVerdict(outcome, quotaLimit, remainingQuota, UnlimitedRate, UnlimitedRate, 0, 0);
        }

        var limit = (long)Math.Ceiling(_rate);
        var untilFull = (_capacity - bucket.Tokens) / _rate;
        var untilOne = Math.Max(0, (1.0 - bucket.Tokens) / _rate);
        return new RateVerdict(
            outcome,
            quotaLimit,
            remainingQuota,
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
    }
}

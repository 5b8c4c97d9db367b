using System.Globalization;
using System.Net.Http.Headers;

namespace PropGrade.ListingApi.Resilience;

/// <summary>
/// What one response says about the per-second (window) rate limit: <c>x-ratelimit-limit</c> (requests per window),
/// <c>x-ratelimit-remaining</c>, <c>x-ratelimit-reset</c> (seconds, or a timestamp: Unix seconds, Unix milliseconds
/// or an HTTP/ISO date) and <c>Retry-After</c> (delta or date). Times are delays from the moment the response was read;
/// a reset in the past is zero. Absent or unreadable headers are null (the quota headers
/// <c>x-ratelimit-requests-*</c> are a different thing and ignored here).
/// </summary>
internal sealed record RateLimitSignal(long? Limit, long? Remaining, TimeSpan? Reset, TimeSpan? RetryAfter)
{
    /// <summary>A response without rate-limit headers (or no response at all).</summary>
    public static RateLimitSignal None { get; } = new(null, null, null, null);

    /// <summary>The server's own idea of when to come back: Retry-After when present, else the window's reset.</summary>
    public TimeSpan? ServerWait => RetryAfter ?? Reset;

    public static RateLimitSignal Read(HttpResponseMessage response, DateTimeOffset now)
    {
        var headers = response.Headers;
        return new RateLimitSignal(
            ReadLong(headers, "x-ratelimit-limit"),
            ReadLong(headers, "x-ratelimit-remaining"),
            ReadReset(First(headers, "x-ratelimit-reset"), now),
            ReadRetryAfter(headers.RetryAfter, now));
    }

    /// <summary>Seconds from now, or a timestamp (Unix seconds >= 1e9, Unix milliseconds >= 1e12, or a date).</summary>
    internal static TimeSpan? ReadReset(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (!double.IsFinite(number) || number < 0)
            {
                return null;
            }

            return number switch
            {
                >= 1e12 => Until(DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Min(number, 253_402_300_799_000)), now),
                >= 1e9 => Until(DateTimeOffset.UnixEpoch.AddSeconds(Math.Min(number, 253_402_300_799)), now),
                _ => TimeSpan.FromSeconds(number),
            };
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? Until(date, now)
            : null;
    }

    private static TimeSpan? ReadRetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => Until(date, now),
        _ => null,
    };

    private static TimeSpan Until(DateTimeOffset at, DateTimeOffset now) => at > now ? at - now : TimeSpan.Zero;

    private static long? ReadLong(HttpResponseHeaders headers, string name) =>
        long.TryParse(First(headers, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : null;

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}

using System.Net;
using PropGrade.ListingApi.Resilience;

namespace PropGrade.ListingApi.Tests.Resilience;

public sealed class RateLimitSignalTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1", 1000)]
    [InlineData("0", 0)]
    [InlineData("0.25", 250)]
    [InlineData("1795435202", 2000)]      // Unix seconds: Now + 2 s
    [InlineData("1795435200500", 500)]    // Unix milliseconds: Now + 0.5 s
    [InlineData("1795435100", 0)]         // a timestamp in the past: now
    [InlineData("Mon, 23 Nov 2026 12:00:03 GMT", 3000)]
    [InlineData("2026-11-23T12:00:01.5Z", 1500)]
    public void ReadReset_SecondsOrTimestamp_IsTheDelayFromNow(string value, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RateLimitSignal.ReadReset(value, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("soon")]
    [InlineData("NaN")]
    public void ReadReset_MissingOrUnreadable_IsNull(string? value)
    {
        Assert.Null(RateLimitSignal.ReadReset(value, Now));
    }

    [Fact]
    public void Read_RapidApiHeaders_ReadsTheWindowNotTheQuota()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("x-ratelimit-requests-limit", "500000");
        response.Headers.TryAddWithoutValidation("x-ratelimit-requests-remaining", "499000");
        response.Headers.TryAddWithoutValidation("x-ratelimit-requests-reset", "2163603");
        response.Headers.TryAddWithoutValidation("x-ratelimit-limit", "5");
        response.Headers.TryAddWithoutValidation("x-ratelimit-remaining", "0");
        response.Headers.TryAddWithoutValidation("x-ratelimit-reset", "1");
        response.Headers.TryAddWithoutValidation("Retry-After", "3");

        var signal = RateLimitSignal.Read(response, Now);

        Assert.Equal(new RateLimitSignal(5, 0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)), signal);
        Assert.Equal(TimeSpan.FromSeconds(3), signal.ServerWait);
        Assert.Equal(TimeSpan.FromSeconds(1), (signal with { RetryAfter = null }).ServerWait);
    }

    [Fact]
    public void Read_NoHeaders_IsNone()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);

        Assert.Equal(RateLimitSignal.None, RateLimitSignal.Read(response, Now));
    }
}

using System.Globalization;
using PropGrade.Core.Estimates;

namespace PropGrade.ListingApi.Resilience;

/// <summary>
/// The plan's period quota a response reports (<c>x-ratelimit-requests-limit</c>, <c>-remaining</c>, <c>-reset</c>:
/// RapidAPI's quota headers, not the per-second window of <see cref="RateLimitSignal"/>); null when it reports none.
/// </summary>
internal static class QuotaHeaders
{
    public static QuotaSnapshot? Read(HttpResponseMessage response, DateTimeOffset now)
    {
        var remaining = Long(response, "x-ratelimit-requests-remaining");
        var limit = Long(response, "x-ratelimit-requests-limit");
        return remaining is null && limit is null ? null : new QuotaSnapshot(limit, remaining, Long(response, "x-ratelimit-requests-reset"), now);
    }

    private static long? Long(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}

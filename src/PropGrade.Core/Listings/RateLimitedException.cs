namespace PropGrade.Core.Listings;

/// <summary>Still rate limited (429 per-second) after the retries.</summary>
public sealed class RateLimitedException : TransientApiException
{
    public RateLimitedException(string reason, string message, Exception? inner = null)
        : base(reason, message, inner)
    {
    }
}

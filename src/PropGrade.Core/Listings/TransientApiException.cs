namespace PropGrade.Core.Listings;

/// <summary>A transient failure (5xx, bot-detector 403, timeout, reset, malformed body, open circuit) that outlived the retries.</summary>
public class TransientApiException : ListingApiException
{
    public TransientApiException(string reason, string message, Exception? inner = null)
        : base(reason, message, inner)
    {
    }
}

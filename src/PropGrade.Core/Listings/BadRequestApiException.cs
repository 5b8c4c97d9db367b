namespace PropGrade.Core.Listings;

/// <summary>400: the request broke a provider rule (e.g. page &gt; 20, limit &gt; 20). Never retried.</summary>
public sealed class BadRequestApiException : ListingApiException
{
    public BadRequestApiException(string reason, string message, Exception? inner = null)
        : base(reason, message, inner)
    {
    }
}

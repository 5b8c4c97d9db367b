namespace PropGrade.Core.Listings;

/// <summary>401 or 403 not subscribed: the key is wrong. Ends the run.</summary>
public sealed class ApiAuthException : ListingApiException
{
    public ApiAuthException(string reason, string message, Exception? inner = null)
        : base(reason, message, inner)
    {
    }

    public override bool StopsRun => true;
}

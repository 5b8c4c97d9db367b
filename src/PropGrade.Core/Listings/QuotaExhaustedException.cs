namespace PropGrade.Core.Listings;

/// <summary>The plan's period quota is used up (429 MONTHLY quota). Not transient; ends the run.</summary>
public sealed class QuotaExhaustedException : ListingApiException
{
    public QuotaExhaustedException(string reason, string message, Exception? inner = null)
        : base(reason, message, inner)
    {
    }

    public override bool StopsRun => true;
}

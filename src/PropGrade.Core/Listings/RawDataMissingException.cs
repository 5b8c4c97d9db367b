namespace PropGrade.Core.Listings;

/// <summary>
/// Re-grading asked for a response the run's raw store does not hold (reason <c>no_raw_data</c>). The agent is
/// marked incomplete with that reason instead of being under-counted. Does not stop the run.
/// </summary>
public sealed class RawDataMissingException : ListingApiException
{
    public const string ReasonCode = "no_raw_data";

    public RawDataMissingException(string message, Exception? inner = null)
        : base(ReasonCode, message, inner)
    {
    }
}

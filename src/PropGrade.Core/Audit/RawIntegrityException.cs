using PropGrade.Core.Listings;

namespace PropGrade.Core.Audit;

/// <summary>
/// Re-grading refused an agent's stored responses: they sat in (or would have to come from) a raw group that failed
/// verification (reason <c>raw_integrity</c>). The agent is marked incomplete instead of being graded from data that
/// was changed, damaged or lost; the message names the group. Does not stop the run.
/// </summary>
public sealed class RawIntegrityException : ListingApiException
{
    public const string ReasonCode = RawIntegrityCodes.RawIntegrity;

    public RawIntegrityException(string message, Exception? inner = null)
        : base(ReasonCode, message, inner)
    {
    }
}

namespace PropGrade.Core.Listings;

/// <summary>404: the provider does not know the agent.</summary>
public sealed class AgentNotFoundException : ListingApiException
{
    public AgentNotFoundException(string reason, string message, Exception? inner = null)
        : base(reason, message, inner)
    {
    }
}

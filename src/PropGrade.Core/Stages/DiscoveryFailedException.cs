using PropGrade.Core.Listings;

namespace PropGrade.Core.Stages;

/// <summary>A market's agent list could not be read after the client's retries: the run cannot know its agents.</summary>
public sealed class DiscoveryFailedException(string market, ListingApiException inner)
    : Exception($"Discovery of market {market} failed ({inner?.Reason}): {inner?.Message}", inner)
{
    public string Market { get; } = market;

    public string Reason { get; } = inner?.Reason ?? "unknown";
}

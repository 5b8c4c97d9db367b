namespace PropGrade.Core.Listings;

/// <summary>
/// The listing API as the stages use it (the port). The HTTP client implements it against the live API; the
/// replay source implements it from a run's raw store (zero API calls).
/// </summary>
/// <remarks>
/// Failures are thrown as <see cref="ListingApiException"/> subclasses after the implementation's own
/// retries are spent: <see cref="TransientApiException"/> (the caller marks the agent incomplete),
/// <see cref="AgentNotFoundException"/>, <see cref="BadRequestApiException"/>, and the run-level stops
/// <see cref="ApiAuthException"/> and <see cref="QuotaExhaustedException"/>.
/// </remarks>
public interface IListingSource
{
    /// <summary>Pages through <c>/agents/list</c> for one ZIP code (limit 20), ending at <c>matching_rows</c>.</summary>
    IAsyncEnumerable<AgentPage> DiscoverAgentsAsync(string postalCode, FetchContext context, CancellationToken cancellationToken);

    /// <summary><c>/agents/get-profile</c>.</summary>
    Task<AgentProfile> GetProfileAsync(long advertiserId, FetchContext context, CancellationToken cancellationToken);

    /// <summary>
    /// One page of <c>/agents/get-listings</c> (1-based, at most 20). The stages page with this, so that they
    /// can stop after any page.
    /// </summary>
    Task<ListingPage> GetListingPageAsync(long fulfillmentId, ListingKind kind, int page, FetchContext context, CancellationToken cancellationToken);
}

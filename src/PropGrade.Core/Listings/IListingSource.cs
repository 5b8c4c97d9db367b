namespace PropGrade.Core.Listings;

/// <summary>
/// The listing API as the stages use it (the port), one page per call so that the callers own the paging rules
/// (<c>docs/grading-rules.md</c>). The HTTP client implements it against the live API; the replay source implements it
/// from a run's raw store (zero API calls).
/// </summary>
/// <remarks>
/// Failures are thrown as <see cref="ListingApiException"/> subclasses after the implementation's own
/// retries are spent: <see cref="TransientApiException"/> (the caller marks the agent incomplete),
/// <see cref="AgentNotFoundException"/>, <see cref="BadRequestApiException"/>, and the run-level stops
/// <see cref="ApiAuthException"/>, <see cref="QuotaExhaustedException"/> and <see cref="EndpointMissingException"/>.
/// </remarks>
public interface IListingSource
{
    /// <summary>
    /// One page of <c>/agents/list?postal_code=…&amp;offset=…&amp;limit=…&amp;sort=recently_sold_high&amp;types=agent</c>.
    /// The source chooses the limit (at most 20) and reports it in <see cref="AgentPage.Limit"/>.
    /// </summary>
    Task<AgentPage> GetAgentPageAsync(string postalCode, int offset, FetchContext context, CancellationToken cancellationToken);

    /// <summary><c>/agents/get-profile?advertiser_id=…&amp;nrds_id=…</c> (roster agents only).</summary>
    Task<AgentProfile> GetProfileAsync(RosterEntry agent, FetchContext context, CancellationToken cancellationToken);

    /// <summary>
    /// One page of <c>/agents/get-listings</c> (1-based, at most 20) for <paramref name="agent"/>.
    /// <paramref name="distinctBefore"/> is the number of distinct listing ids read on this agent's pages of this type
    /// before this one: an empty page while it is below <c>total</c> may be a transient glitch (the client re-fetches it);
    /// it never changes the request.
    /// </summary>
    Task<ListingPage> GetListingPageAsync(ListingsKey agent, ListingKind kind, int page, int distinctBefore, FetchContext context, CancellationToken cancellationToken);
}

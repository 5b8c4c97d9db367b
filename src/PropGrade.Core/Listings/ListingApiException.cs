namespace PropGrade.Core.Listings;

/// <summary>
/// Base of every listing-API failure. <see cref="Reason"/> is a short machine-readable code that ends up as an
/// agent's <c>stop_reason</c> (e.g. <c>http_503</c>, <c>timeout</c>, <c>malformed_body</c>, <c>circuit_open</c>).
/// The short type names are what Step Functions Retry/Catch match on, so they are part of the contract.
/// </summary>
public abstract class ListingApiException : Exception
{
    protected ListingApiException(string reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    public string Reason { get; }

    /// <summary>True when the failure ends the whole run (bad key, quota, a missing endpoint), not just one agent.</summary>
    public virtual bool StopsRun => false;
}

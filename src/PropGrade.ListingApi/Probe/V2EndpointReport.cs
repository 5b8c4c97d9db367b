namespace PropGrade.ListingApi.Probe;

/// <summary>Whether one v2 agent endpoint answers for the key (one call each; never a failure of the probe).</summary>
/// <param name="Endpoint"><c>/agents/v2/list</c>, <c>/agents/v2/get-profile</c> or <c>/agents/v2/get-listings</c>.</param>
/// <param name="Url">The request sent.</param>
/// <param name="Status">HTTP status; null when no answer arrived.</param>
/// <param name="Verdict"><c>available</c>, <c>not available</c> (404 "Endpoint ... does not exist"), <c>not subscribed</c>, <c>answered NNN</c> or <c>unknown</c>.</param>
/// <param name="Detail">What the answer held (its envelope, how many results, which statuses) or the provider's message.</param>
public sealed record V2EndpointReport(string Endpoint, string Url, int? Status, string Verdict, string Detail);

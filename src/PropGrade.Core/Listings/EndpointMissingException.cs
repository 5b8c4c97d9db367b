namespace PropGrade.Core.Listings;

/// <summary>
/// 404 <c>"Endpoint '/agents/list' does not exist"</c>: the provider removed (or never had) the endpoint. No request
/// to it can succeed, so it ends the run (reason <c>endpoint_missing</c>); it is never read as "agent not found".
/// </summary>
public sealed class EndpointMissingException : ListingApiException
{
    public const string ReasonCode = "endpoint_missing";

    public EndpointMissingException(string message, Exception? inner = null)
        : base(ReasonCode, message, inner)
    {
    }

    public override bool StopsRun => true;
}

using PropGrade.Core.Runs;
using PropGrade.ListingApi;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// What one invocation's client did on the wire (requests, 429s, retries), from the client's cumulative metrics: the
/// EMF metrics and the run record's <c>throttled</c>/<c>retries</c> counters.
/// </summary>
internal sealed class WireMeter(ListingApiMetrics metrics)
{
    private readonly long _requests = metrics.RequestsSent;
    private readonly long _throttled = metrics.Throttled;
    private readonly long _retries = metrics.Retries;

    public long Requests => metrics.RequestsSent - _requests;

    public long Throttled => metrics.Throttled - _throttled;

    public long Retries => metrics.Retries - _retries;

    public RunCounters Counters => new(Throttled: Throttled, Retries: Retries);
}

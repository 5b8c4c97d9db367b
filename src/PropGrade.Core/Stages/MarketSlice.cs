using PropGrade.Core.Listings;

namespace PropGrade.Core.Stages;

/// <summary>
/// One time-budgeted piece of a market's discovery: the <c>/agents/list</c> pages read from <see cref="Offset"/> on, in
/// order, and where the next piece starts. A market is one or more slices; the run's workspace keeps them (pages are
/// written as they are read, never all markets in memory) and the merge reads them back in request order.
/// </summary>
/// <param name="Market">The ZIP code.</param>
/// <param name="Offset">The offset of the slice's first page.</param>
/// <param name="Pages">The pages read, in order.</param>
/// <param name="Calls">Requests made for them (failed ones included; retries are the client's).</param>
/// <param name="NextOffset">Where the next slice starts; null when the market is done (read to the end, truncated or failed).</param>
/// <param name="Truncated">The provider stopped serving the market before <c>matching_rows</c>.</param>
/// <param name="Failed">Why the market could not be read (after the client's retries); null otherwise.</param>
/// <param name="Attempts">HTTP attempts the slice made (for the latency estimate).</param>
/// <param name="WireMilliseconds">How long those attempts took on the wire, added up.</param>
public sealed record MarketSlice(
    string Market,
    int Offset,
    IReadOnlyList<AgentPage> Pages,
    int Calls,
    int? NextOffset,
    bool Truncated,
    string? Failed,
    long Attempts = 0,
    long WireMilliseconds = 0)
{
    /// <summary>True when the market needs no further slice.</summary>
    public bool Done => NextOffset is null;
}

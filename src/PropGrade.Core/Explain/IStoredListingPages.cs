using PropGrade.Core.Audit;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Explain;

/// <summary>
/// An agent's stored listing pages read back the way the listing client read them when grading (the port;
/// <c>PropGrade.ListingApi</c> implements it with the client's own response mapper), so that an explanation replays
/// exactly what the grade was made from, with zero API calls.
/// </summary>
public interface IStoredListingPages
{
    /// <summary>
    /// A source answering <see cref="IListingSource.GetListingPageAsync"/> from <paramref name="exchanges"/> (one agent's
    /// stored attempts): for each stage and page the final answer — the last successful response; else the last final
    /// refusal (404, 400), thrown as the client threw it; else the last failure's reason (e.g. <c>http_503</c>, as a
    /// transient failure); a page never stored throws <see cref="RawDataMissingException"/>. Other calls are refused.
    /// </summary>
    IListingSource Open(IReadOnlyList<RawExchange> exchanges);
}

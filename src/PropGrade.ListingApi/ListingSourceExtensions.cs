using System.Runtime.CompilerServices;
using PropGrade.Core.Listings;

namespace PropGrade.ListingApi;

/// <summary>Async streams over <see cref="IListingSource"/> for callers that prefer <c>await foreach</c> to paging by hand.</summary>
public static class ListingSourceExtensions
{
    /// <summary>
    /// An agent's listing pages 1, 2, ... until <see cref="ListingPage.IsLast"/> (from <c>total</c> and the distinct listing ids read), <paramref name="maxPages"/>, or the caller stops
    /// enumerating (no page after the one the caller stopped on is requested). Failures surface as the source's
    /// <see cref="ListingApiException"/>s.
    /// </summary>
    public static async IAsyncEnumerable<ListingPage> StreamListingPagesAsync(
        this IListingSource source,
        ListingsKey agent,
        ListingKind kind,
        FetchContext context,
        int maxPages = 20,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPages, 20);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; page <= maxPages; page++)
        {
            var result = await source.GetListingPageAsync(agent, kind, page, ids.Count, context, cancellationToken);
            foreach (var listing in result.Listings)
            {
                ids.Add(listing.ListingId);
            }

            yield return result;
            if (result.IsLast(ids.Count))
            {
                yield break;
            }
        }
    }
}

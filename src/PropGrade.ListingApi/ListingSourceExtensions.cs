using System.Runtime.CompilerServices;
using PropGrade.Core.Listings;

namespace PropGrade.ListingApi;

/// <summary>Async streams over <see cref="IListingSource"/> for callers that prefer <c>await foreach</c> to paging by hand.</summary>
public static class ListingSourceExtensions
{
    /// <summary>
    /// Listing pages 1, 2, ... until <see cref="ListingPage.IsLast"/>, <paramref name="maxPages"/>, or the caller stops
    /// enumerating (no page after the one the caller stopped on is requested). Failures surface as the source's
    /// <see cref="ListingApiException"/>s.
    /// </summary>
    public static async IAsyncEnumerable<ListingPage> StreamListingPagesAsync(
        this IListingSource source,
        long fulfillmentId,
        ListingKind kind,
        FetchContext context,
        int maxPages = 20,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPages, 20);
        for (var page = 1; page <= maxPages; page++)
        {
            var result = await source.GetListingPageAsync(fulfillmentId, kind, page, context, cancellationToken);
            yield return result;
            if (result.IsLast)
            {
                yield break;
            }
        }
    }
}

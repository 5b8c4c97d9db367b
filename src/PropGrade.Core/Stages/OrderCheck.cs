using PropGrade.Core.Listings;

namespace PropGrade.Core.Stages;

/// <summary>
/// The order check of a <c>forSold</c> page (<c>docs/grading-rules.md</c>, "The order check"): the <c>sold_date</c>s
/// of its sold results (results without one are ignored) never increase down the page, and its first such date is
/// not after the last such date of the agent's previous sold page.
/// </summary>
internal static class OrderCheck
{
    /// <param name="listings">The page's results, in page order.</param>
    /// <param name="previousLast">The last dated sold result of the agent's sold pages before this one, if any.</param>
    /// <returns>Whether the page is in order, its oldest and its last (in page order) sold date.</returns>
    public static (bool InOrder, DateOnly? OldestDate, DateOnly? LastDate) Check(IReadOnlyList<Listing> listings, DateOnly? previousLast)
    {
        var inOrder = true;
        DateOnly? oldest = null;
        var last = previousLast;
        DateOnly? pageLast = null;
        foreach (var listing in listings)
        {
            if (!listing.IsSold || listing.SoldDate is not { } date)
            {
                continue;
            }

            if (last is { } before && date > before)
            {
                inOrder = false;
            }

            last = date;
            pageLast = date;
            if (oldest is null || date < oldest)
            {
                oldest = date;
            }
        }

        return (inOrder, oldest, pageLast);
    }
}

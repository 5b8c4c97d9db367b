using System.Globalization;
using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// The order check of one agent's pages of one type (<c>docs/grading-rules.md</c>, "The order check"): a page is in
/// order when the dates of its results never increase down the page and its first date is not after the last date of
/// the page before. forSold pages use the <c>sold_date</c> of sold results; forSale pages the <c>list_date</c>.
/// Results without the date are ignored.
/// </summary>
internal sealed class PageOrderCheck(ListingKind kind)
{
    private DateOnly? _last;

    public int PagesChecked { get; private set; }

    public int PagesOutOfOrder { get; private set; }

    /// <summary>Where the order first broke, in words; null while it held.</summary>
    public string? FirstBreak { get; private set; }

    /// <summary>Checks the next page; returns true when it is in order.</summary>
    public bool Check(ListingPage page)
    {
        PagesChecked++;
        var key = kind == ListingKind.ForSold ? "forSold" : "forSale";
        var field = kind == ListingKind.ForSold ? "description.sold_date" : "list_date";
        string? problem = null;
        for (var i = 0; i < page.Listings.Count; i++)
        {
            var listing = page.Listings[i];
            var date = kind == ListingKind.ForSold ? (listing.IsSold ? listing.SoldDate : null) : listing.ListDate;
            if (date is not { } d)
            {
                continue;
            }

            if (_last is { } before && d > before && problem is null)
            {
                problem = string.Create(CultureInfo.InvariantCulture,
                    $"page {page.Page}: data.{key}.results[{i}].{field} {d:yyyy-MM-dd} is newer than {before:yyyy-MM-dd} {(IsFirstDated(page, i) ? "on the page before" : "above it")}");
            }

            _last = d;
        }

        if (problem is null)
        {
            return true;
        }

        PagesOutOfOrder++;
        FirstBreak ??= problem;
        return false;

        bool IsFirstDated(ListingPage p, int index)
        {
            for (var j = 0; j < index; j++)
            {
                var l = p.Listings[j];
                if ((kind == ListingKind.ForSold ? (l.IsSold ? l.SoldDate : null) : l.ListDate) is not null)
                {
                    return false;
                }
            }

            return true;
        }
    }
}

using System.Globalization;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;

namespace PropGrade.Core.Explain;

/// <summary>A listing's verdict (<see cref="ListingVerdicts"/>) in words, with the listing's own figures.</summary>
public static class VerdictReasons
{
    public static string Describe(ListingVerdict verdict, Listing listing, GradingPlan plan, string stage)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(plan);
        return verdict.Code switch
        {
            ListingVerdicts.Counted when stage == ActiveStage.Name =>
                Invariant($"Counted (active): {Share(verdict.ListingShare)} listing side × list price {Money(verdict.Price ?? 0m)} = {Money(verdict.Volume)}."),
            ListingVerdicts.Counted =>
                Invariant($"Counted: sold {listing.SoldDate:yyyy-MM-dd}, in the window; {Sides(verdict)} × {PriceText(verdict, plan)} = {Money(verdict.Volume)}."),
            ListingVerdicts.PreviousSale =>
                Invariant($"Not counted: status {listing.Status}; its sale date {listing.PreviousSaleDate:yyyy-MM-dd} is the property's previous sale, which never counts."),
            ListingVerdicts.ActiveNotIncluded => "Not counted: an active listing, and active listings are not included in this run.",
            ListingVerdicts.NotSold => $"Not counted: status {listing.Status} (only sold listings count on sold pages).",
            ListingVerdicts.NotActive => $"Not counted: status {listing.Status} on an active page (only for_sale listings count there).",
            ListingVerdicts.NoSoldDate => "Not counted: sold without a sale date.",
            ListingVerdicts.OutsideWindow =>
                Invariant($"Not counted: sold {listing.SoldDate:yyyy-MM-dd}, outside the window {plan.SoldSince:yyyy-MM-dd} to {plan.AsOf:yyyy-MM-dd}."),
            ListingVerdicts.DuplicateListing => $"Not counted: listing {listing.ListingId} was already counted for this agent (a listing counts once).",
            ListingVerdicts.UnknownAdvertiserType =>
                $"Not counted: the agent appears on it only as '{verdict.UnknownType}', an advertiser type of no side (reported as an unknown side).",
            ListingVerdicts.NotOnListing => "Not counted: the agent is not among its advertisers.",
            _ => "Not counted.",
        };
    }

    private static string Sides(ListingVerdict verdict)
    {
        var parts = new List<string>();
        if (verdict.ListingShare > 0m)
        {
            parts.Add(Share(verdict.ListingShare) + " listing side");
        }

        if (verdict.BuyerShare > 0m)
        {
            parts.Add(Share(verdict.BuyerShare) + " buyer side");
        }

        return string.Join(" + ", parts);
    }

    private static string PriceText(ListingVerdict verdict, GradingPlan plan) =>
        !verdict.Undisclosed ? "sold price " + Money(verdict.Price ?? 0m)
        : plan.UndisclosedPrice == UndisclosedPrice.ListPrice ? "list price " + Money(verdict.Price ?? 0m) + " (sale price undisclosed)"
        : "$0 (sale price undisclosed, excluded)";

    internal static string Money(decimal value) => "$" + value.ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static string Share(decimal share) => share.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using PropGrade.Core.Explain;

namespace PropGrade.Cli.Output;

/// <summary><c>propgrade explain</c>'s readable table: the agent, the tier in a sentence, the tiers, every listing read with its verdict, the totals and the raw data's check.</summary>
internal static class ExplanationPrinter
{
    public static void Write(TextWriter output, AgentExplanation e)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(e);
        var row = e.Row;
        output.WriteLine(Inv($"Run {e.RunId} · agent {row.AdvertiserId} · {row.Name}{(row.Office is { Length: > 0 } office ? " (" + office + ")" : "")}{(row.Market is { } m ? " · market " + m : "")}"));
        output.WriteLine(e.Summary);
        output.WriteLine(Inv($"Window {e.SoldSince:yyyy-MM-dd} to {e.AsOf:yyyy-MM-dd}; active listings {(e.IncludeActive ? "included" : "not included")}; undisclosed sale prices: {(e.UndisclosedPrice == "exclude" ? "excluded" : "list price")}; exported tiers {string.Join(", ", e.SelectedTiers)}."));
        output.WriteLine();
        output.WriteLine("Tiers (highest first):");
        foreach (var t in e.Tiers)
        {
            var criteria = string.Join(" or ", new[] { t.MinVolume is { } v ? Money(v) : null, t.MinSides is { } s ? Inv($"{s:0.##} sides") : null }.Where(x => x is not null));
            var verdict = !t.Evaluated ? "not evaluated (above the highest exported tier)"
                : t.MetByVolume && t.MetBySides ? "met (volume and sides)" : t.MetByVolume ? "met (volume)" : t.MetBySides ? "met (sides)" : "not met";
            output.WriteLine(Inv($"  {(t.Tier == row.Tier ? "→" : " ")} {t.Tier,-12} {criteria,-32} {verdict}"));
        }

        output.WriteLine();
        if (e.Pages.Count == 0)
        {
            output.WriteLine("No listing page was read.");
        }
        else
        {
            output.WriteLine(Inv($"Pages asked for ({e.Pages.Count}):"));
            foreach (var p in e.Pages)
            {
                output.WriteLine(Inv($"  {p.Stage,-6} page {p.Page,2}: {(p.Read ? $"{p.Listings} listings of {p.Total}" : "not read: " + p.Failure)}{(p.Attempts.Count > 1 ? " (attempts: " + string.Join(", ", p.Attempts) + ")" : "")}"));
            }

            output.WriteLine();
            output.WriteLine(Inv($"{"STAGE",-6} {"PG",2} {"LISTING",-14} {"STATUS",-10} {"AGENT AS",-16} {"SHARE",5} {"PRICE",14} {"DATE",-10} {"ADDED",14}  VERDICT"));
            foreach (var l in e.Listings)
            {
                var share = l.ListingShare + l.BuyerShare;
                var price = l.Price ?? l.SoldPrice ?? l.ListPrice;
                var date = l.SoldDate ?? l.PreviousSaleDate ?? l.ListDate;
                output.WriteLine(Inv($"{l.Stage,-6} {l.Page,2} {Cut(l.ListingId, 14),-14} {Cut(l.Status, 10),-10} {Cut(l.AgentTypes.Count == 0 ? "-" : string.Join("+", l.AgentTypes), 16),-16} {share,5:0.##} {(price is { } pr ? Money(pr) + (l.Undisclosed ? "*" : "") : "-"),14} {(date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-"),-10} {(l.Counted ? "+" + Money(l.Volume) : ""),14}  {l.Verdict}"));
            }

            if (e.Listings.Any(l => l.Undisclosed))
            {
                output.WriteLine("  * sale price undisclosed: " + (e.UndisclosedPrice == "exclude" ? "counted as $0 (excluded)." : "counted at its list price."));
            }
        }

        var totals = e.Totals;
        output.WriteLine();
        output.WriteLine(Inv($"Totals of the counted listings: sold volume {Money(totals.SoldVolume)}, {totals.SoldSides:0.##} sides{(e.IncludeActive ? $", active volume {Money(totals.ActiveVolume)}, {totals.ActiveCount:0.##} active listings" : "")}, {totals.PagesRead} pages read — {(e.MatchesRow ? "equal to the graded row." : "NOT equal to the graded row.")}"));
        output.WriteLine(Inv($"Stop reason: {e.StopReason}{(row.Complete ? "" : " (incomplete)")}."));
        foreach (var note in e.Notes)
        {
            output.WriteLine("Note: " + note);
        }

        var integrity = e.Integrity;
        output.WriteLine(Inv($"Raw data ({integrity.RawRunId}): {integrity.ExchangesRead} stored attempts in {integrity.GroupsRead} raw group(s){(integrity.GroupsUnverified > 0 ? $", {integrity.GroupsUnverified} unverified (no manifest)" : ", checked against the manifest")}{(integrity.ReadEveryGroup ? "; every group of the run was read" : "")}."));
        foreach (var failure in integrity.Failures)
        {
            output.WriteLine("INTEGRITY: " + failure.Describe());
        }
    }

    private static string Money(decimal value) => "$" + value.ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// The probe's console text: a line per call as it completes, then the report (required fields one by one, reported
/// fields when not ok, the contract's assumptions as seen, rate limits, v2, the audit) and the verdict.
/// </summary>
public static class ProbeReportText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One line for a call: <c>  03  200  ok  /agents/get-profile?...  (12 ms)  03-agents-get-profile-1002345.json</c>.</summary>
    public static string CallLine(ProbeCall call, int total)
    {
        var width = total.ToString(Inv).Length;
        var status = call.Status?.ToString(Inv) ?? "---";
        return string.Create(Inv,
            $"  {call.Number.ToString(Inv).PadLeft(width)}/{total}  {status}  {call.Classification,-24} {call.Url}  ({call.DurationMs:0} ms){(call.File is null ? string.Empty : "  " + call.File)}");
    }

    /// <summary>Writes the report (everything after the call lines).</summary>
    public static void Write(TextWriter output, ProbeReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        output.WriteLine();
        WriteFields(output, report);
        WriteTraits(output, report);
        WriteV2(output, report);
        WriteAudit(output, report);
        WriteList(output, "Failures (the grader needs these)", report.Failures);
        WriteList(output, "Warnings", report.Warnings);
        WriteList(output, "Notes", report.Notes);
        output.WriteLine();
        if (report.SampleDirectory is not null)
        {
            output.WriteLine($"Samples and report.json: {report.SampleDirectory}");
        }

        output.WriteLine(string.Create(Inv,
            $"Spent: {report.RequestsSent} requests (budget: at most {report.Budget.Requests}); quota left: {report.RateLimits.QuotaLeft?.ToString("N0", Inv) ?? "not said"}"));
        output.WriteLine(report.Passed
            ? "PASS: everything the grader needs maps. Next: propgrade run --api-base ... (see README, \"Pointing it at the real API\")."
            : string.Create(Inv, $"FAIL: {report.Failures.Count} {(report.Failures.Count == 1 ? "problem" : "problems")} above; the first: {report.Failures[0]}"));
    }

    private static void WriteFields(TextWriter output, ProbeReport report)
    {
        output.WriteLine("Fields (required = the grader needs it; reported fields are listed when not ok)");
        foreach (var endpoint in report.Fields.GroupBy(f => f.Endpoint))
        {
            var reportedOk = endpoint.Count(f => !f.Required && f.Verdict is "ok" or "not seen");
            output.WriteLine(string.Create(Inv, $"  {endpoint.Key}  ({endpoint.Count(f => f.Required)} required, {endpoint.Count(f => !f.Required)} reported, {reportedOk} of them ok or not present in this sample)"));
            foreach (var field in endpoint.Where(f => f.Required || f.Verdict is not ("ok" or "not seen")))
            {
                output.WriteLine($"    {Mark(field),-15} {field.Path}{(field.Condition is null ? string.Empty : $" ({field.Condition})")}  {Counts(field)}");
            }
        }
    }

    private static string Mark(FieldCheck field) => field.Verdict switch
    {
        "ok" => "ok",
        "not seen" => "not seen",
        "absent" => "absent",
        "partly missing" => field.Required ? "PARTLY MISSING" : "partly absent",
        _ => field.Required ? field.Verdict.ToUpperInvariant() : field.Verdict,
    };

    private static string Counts(FieldCheck field)
    {
        var occurrences = field.Seen + field.Missing + field.WrongType;
        if (occurrences == 0)
        {
            return "(no occurrence in the pages read)";
        }

        var parts = new List<string> { string.Create(Inv, $"{field.Seen} of {occurrences}") };
        if (field.Null > 0)
        {
            parts.Add(string.Create(Inv, $"{field.Null} null"));
        }

        if (field.Missing > 0)
        {
            parts.Add(string.Create(Inv, $"{field.Missing} missing"));
        }

        if (field.WrongType > 0)
        {
            parts.Add(string.Create(Inv, $"{field.WrongType} unusable"));
        }

        var text = string.Join(", ", parts);
        if (field.FirstProblemAt is not null)
        {
            text += $"; first at {field.FirstProblemAt}";
        }

        if (field.Hint is not null)
        {
            text += $": {field.Hint}";
        }

        if (field.Note is not null)
        {
            text += $" [{field.Note}]";
        }

        return text;
    }

    private static void WriteTraits(TextWriter output, ProbeReport report)
    {
        var d = report.Discovery;
        var l = report.Listings;
        output.WriteLine();
        output.WriteLine("What the contract assumes, as seen");
        output.WriteLine(string.Create(Inv,
            $"  discovery ({d.Market}): matching_rows {d.MatchingRows?.ToString(Inv) ?? "?"}, {d.PagesRead} pages, {d.AgentsRead} agents ({d.AgentsWithoutMls} without an MLS entry), first page {d.FirstPageSize?.ToString(Inv) ?? "?"} agents"));
        output.WriteLine($"  offset paging: {d.OffsetPaging}: {d.OffsetDetail}");
        output.WriteLine($"  get-profile: agent {Or(report.Profile.AdvertiserId, "-")} (nrds {report.Profile.NrdsId ?? "-"}): {report.Profile.Verdict}{(report.Profile.Differences.Count == 0 ? string.Empty : ": " + string.Join("; ", report.Profile.Differences))}");
        output.WriteLine(string.Create(Inv, $"  listing pages: {l.ForSoldPages} forSold, {l.ForSalePages} forSale; page size {l.PageSize?.ToString(Inv) ?? "not seen"}: {l.PageSizeDetail}"));
        output.WriteLine($"  statuses: {Tally(l.Statuses)}");
        output.WriteLine($"  advertiser types: {Tally(l.AdvertiserTypes)}{(l.UnknownAdvertiserTypes.Count == 0 ? "; no unknown type" : "; of no side: " + string.Join(", ", l.UnknownAdvertiserTypes))}");
        output.WriteLine(string.Create(Inv,
            $"  undisclosed sold prices: {l.UndisclosedSoldPrices} of {l.SoldListings} sold listings{(l.UndisclosedShare is { } share ? $" ({share:P1})" : string.Empty)}; previous sale on {l.PreviousSaleOnNotSold} of {l.NotSoldListings} listings not sold (ignored); pending {l.Pending}, contingent {l.Contingent}"));
        output.WriteLine($"  sold order: {l.SoldOrder} ({l.SoldOrderDetail})");
        output.WriteLine($"  forSale order (informational): {l.SaleOrder} ({l.SaleOrderDetail})");
        output.WriteLine($"  rate limits: {report.RateLimits.Summary}");
    }

    private static void WriteV2(TextWriter output, ProbeReport report)
    {
        output.WriteLine();
        output.WriteLine("v2 endpoints (one call each; not used by runs)");
        if (report.V2.Count == 0)
        {
            output.WriteLine("  not checked (the probe stopped before them)");
        }

        foreach (var v2 in report.V2)
        {
            output.WriteLine($"  {v2.Endpoint,-26} {v2.Verdict,-15} {v2.Detail}");
        }
    }

    private static void WriteAudit(TextWriter output, ProbeReport report)
    {
        if (report.Audit is not { } audit)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"Profile-bound audit (--audit-bound {audit.AgentsAsked}): {audit.Summary}");
        output.WriteLine("  agent       pages  window/count  sides <= max      volume <= max                 bound  order  stop");
        foreach (var a in audit.Agents)
        {
            output.WriteLine(string.Create(Inv,
                $"  {a.AdvertiserId,-11} {a.Pages,5}  {a.WindowListings,6}/{a.RecentlySoldCount,-5}  {a.Sides,6:0.##} <= {a.MaxSides,-6:0}  {a.Volume,13:N0} <= {a.MaxVolume,-13:N0}  {(a.BoundHeld ? "held" : "BROKEN"),-5}  {(a.OrderHeld ? "held" : "BROKEN"),-5}  {a.Stop}{(a.Detail is null ? string.Empty : "  (" + a.Detail + ")")}"));
        }
    }

    private static void WriteList(TextWriter output, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(string.Create(Inv, $"{title}: {items.Count}"));
        foreach (var item in items)
        {
            output.WriteLine($"  - {item}");
        }
    }

    private static string Tally(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none seen" : string.Join(", ", counts.Select(c => string.Create(Inv, $"{c.Key} {c.Value}")));

    private static string Or(string text, string fallback) => string.IsNullOrEmpty(text) ? fallback : text;
}

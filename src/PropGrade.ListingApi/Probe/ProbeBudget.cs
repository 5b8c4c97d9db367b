using System.Globalization;
using System.Text;
using PropGrade.ListingApi.Provider;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// The most <c>propgrade probe</c> will spend, known (and printed) before its first call. The probe never sends more
/// than <see cref="Requests"/> requests: <see cref="Calls"/> planned calls plus at most <see cref="Retries"/> re-sends of
/// transient failures.
/// </summary>
/// <param name="DiscoveryPages"><c>/agents/list</c> pages (offsets 0, 20, ...; the second checks <c>offset</c> paging).</param>
/// <param name="Agents">Agents whose first forSold and forSale pages are read.</param>
/// <param name="ListingPages"><see cref="Agents"/> x 2.</param>
/// <param name="ProfileCalls">One <c>get-profile</c> (the first agent, as a roster run would ask).</param>
/// <param name="V2Calls">One call each to <c>/agents/v2/list</c>, <c>/agents/v2/get-profile</c>, <c>/agents/v2/get-listings</c>.</param>
/// <param name="AuditAgents">Agents whose sold history the audit pages to the end (<c>--audit-bound</c>).</param>
/// <param name="AuditPages">The audit's forSold pages at most: <c>AuditAgents x MaxPages</c>, less the first pages already read.</param>
/// <param name="MaxPages">The depth cap per agent.</param>
/// <param name="Retries">Re-sends of transient failures, in all.</param>
public sealed record ProbeBudget(
    int DiscoveryPages,
    int Agents,
    int ListingPages,
    int ProfileCalls,
    int V2Calls,
    int AuditAgents,
    int AuditPages,
    int MaxPages,
    int Retries)
{
    /// <summary>The planned calls, at most.</summary>
    public int Calls => DiscoveryPages + ListingPages + ProfileCalls + V2Calls + AuditPages;

    /// <summary>Requests at most: the calls plus the transient re-sends.</summary>
    public int Requests => Calls + Retries;

    /// <summary>The budget of <paramref name="options"/>.</summary>
    public static ProbeBudget For(ProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limit = ListingApiUrls.MaxDiscoveryLimit;
        var needed = Math.Max(options.Agents, options.AuditBound);

        // Two pages always (the second checks offset paging); more when the audit needs more agents, with one page to
        // spare for agents that have no MLS entry and cannot be paged.
        var discovery = needed <= limit ? 2 : ((needed + limit - 1) / limit) + 1;
        var auditPages = (options.AuditBound * options.MaxPages) - Math.Min(options.Agents, options.AuditBound);
        return new ProbeBudget(
            discovery,
            options.Agents,
            options.Agents * 2,
            ProfileCalls: 1,
            V2Calls: 3,
            options.AuditBound,
            auditPages,
            options.MaxPages,
            options.TransientRetries);
    }

    /// <summary>One sentence: what the probe will spend at most, by kind of call.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"probe will make at most {Calls} calls: {DiscoveryPages} discovery pages (offsets ");
        text.AppendJoin(", ", Enumerable.Range(0, DiscoveryPages).Select(i => (i * ListingApiUrls.MaxDiscoveryLimit).ToString(inv)));
        text.Append(inv, $"), {Agents} {(Agents == 1 ? "agent" : "agents")} x (1 forSold page + 1 forSale page), {ProfileCalls} get-profile, {V2Calls} v2 checks (list, get-profile, get-listings)");
        if (AuditAgents > 0)
        {
            var reused = (AuditAgents * MaxPages) - AuditPages;
            text.Append(inv, $", and the --audit-bound {AuditAgents} audit: up to {AuditPages} forSold pages ({AuditAgents} agents x up to {MaxPages} pages, less the {reused} first {(reused == 1 ? "page" : "pages")} already read)");
        }

        text.Append(inv, $"; a transient failure is re-sent at most {Retries} {(Retries == 1 ? "time" : "times")} in all, so at most {Requests} requests.");
        if (AuditAgents == 0)
        {
            text.Append(inv, $" (--audit-bound N adds up to N x {MaxPages} forSold pages.)");
        }

        return text.ToString();
    }
}

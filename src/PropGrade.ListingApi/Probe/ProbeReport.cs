using System.Text.Json;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// What <c>propgrade probe</c> found: every call, every field of every endpoint, the traits the contract assumes
/// (page size, order, undisclosed prices, advertiser types, offset paging, the profile bound), the rate-limit and
/// quota headers, and which v2 endpoints answer. <see cref="Passed"/> when everything the grader needs maps.
/// </summary>
/// <param name="Target">What was probed, in words.</param>
/// <param name="BaseAddress">The API base.</param>
/// <param name="Market">The ZIP code probed.</param>
/// <param name="Today">The API's today (the audit's window ends on it).</param>
/// <param name="StartedAt">When the probe started.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Budget">What it could spend at most (printed before the first call).</param>
/// <param name="RequestsSent">What it spent: requests sent (never more than <c>Budget.Requests</c>).</param>
/// <param name="SampleDirectory">Where the raw samples and <c>report.json</c> are; null when none were kept.</param>
/// <param name="Calls">Every request, in order.</param>
/// <param name="Fields">Every field checked, by endpoint.</param>
/// <param name="Discovery">The <c>/agents/list</c> findings.</param>
/// <param name="Profile">The <c>get-profile</c> findings.</param>
/// <param name="Listings">The <c>get-listings</c> findings.</param>
/// <param name="RateLimits">The rate-limit and quota headers.</param>
/// <param name="V2">Which v2 endpoints answer for the key.</param>
/// <param name="Audit">The <c>--audit-bound</c> result; null without it.</param>
/// <param name="Failures">What the grader needs and did not get, each naming the field or rule (exit 1 when any).</param>
/// <param name="Warnings">What a run would survive but a person should know.</param>
/// <param name="Notes">Differences from the contract the mapper absorbs.</param>
public sealed record ProbeReport(
    string Target,
    string BaseAddress,
    string Market,
    DateOnly Today,
    DateTimeOffset StartedAt,
    double DurationMs,
    ProbeBudget Budget,
    int RequestsSent,
    string? SampleDirectory,
    IReadOnlyList<ProbeCall> Calls,
    IReadOnlyList<FieldCheck> Fields,
    DiscoveryReport Discovery,
    ProfileCheck Profile,
    ListingsReport Listings,
    RateLimitReport RateLimits,
    IReadOnlyList<V2EndpointReport> V2,
    AuditReport? Audit,
    IReadOnlyList<string> Failures,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when everything the grader needs maps (no failure).</summary>
    public bool Passed => Failures.Count == 0;

    /// <summary>The report as one indented JSON document (camelCase).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ProbeJsonContext.Default.ProbeReport);
}

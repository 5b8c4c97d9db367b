using System.Text.Json.Serialization;

namespace PropGrade.Core.Audit;

/// <summary>
/// One line of a raw manifest: where a committed group's stored bytes are and what they hash to. Written after the
/// group's bytes are durable, as part of its commit; a reader trusts a group only when its stored bytes hash to
/// <see cref="Sha256"/>. <c>{"segment":"seg-000003-1a2b3c4d.jsonl.gz","offset":0,"length":5120,"group":"agents-…-000012","count":37,"sha256":"…","agents":["101","102"]}</c>
/// </summary>
/// <param name="Segment">
/// The raw object holding the group, relative to <c>runs/{runId}/raw/</c>: a segment file name (local) or the group's
/// object key (S3, e.g. <c>discover/07030.jsonl.gz</c>).
/// </param>
/// <param name="Offset">Where the group's gzip member starts in that object (0 on S3: one group per object).</param>
/// <param name="Length">The member's length in bytes.</param>
/// <param name="Group">The group key (the commit marker names it too).</param>
/// <param name="Count">How many exchanges the group holds (the commit marker's count).</param>
/// <param name="Sha256">SHA-256 of the member's exact stored bytes, lowercase hex.</param>
/// <param name="Agents">
/// The distinct advertiser ids the group's exchanges were made for (in first-seen order): whose data a failed group
/// makes untrustworthy. Null when unknown (a group read without a manifest).
/// </param>
public sealed record RawManifestEntry(
    [property: JsonPropertyName("segment")] string Segment,
    [property: JsonPropertyName("offset")] long Offset,
    [property: JsonPropertyName("length")] int Length,
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("agents")] IReadOnlyList<string>? Agents);

using System.Text.Json.Serialization;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Audit;

/// <summary>
/// One HTTP attempt, successful or not, exactly as it happened: the audit record that re-grading reads back.
/// Never holds the API key: <see cref="Url"/> carries no key and <see cref="ResponseHeaders"/> no
/// <c>X-RapidAPI-Key</c> or authorization header.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Stage"><c>discover</c>, <c>profile</c>, <c>active</c> or <c>sold</c>.</param>
/// <param name="AgentId">The advertiser id, when the call is about one agent (revision-1 records hold a number, read as its digits).</param>
/// <param name="Page">The page (listings) or offset (discovery) requested, when paged.</param>
/// <param name="Attempt">1 for the first try, 2 for the first retry, ...</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Url">Path and query relative to the API base, e.g. <c>/agents/get-profile?advertiser_id=1</c>.</param>
/// <param name="Status">HTTP status, or null when no response arrived (reset, timeout).</param>
/// <param name="ResponseHeaders">Response headers, secrets removed.</param>
/// <param name="Body">The body bytes exactly as received (malformed ones too); empty when none.</param>
/// <param name="StartedAt">When the attempt started.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Classification">What the client made of it: <c>ok</c>, <c>retry:http_503</c>, <c>fail:http_404</c>, ...</param>
/// <param name="Error">The exception message when no usable response arrived.</param>
public sealed record RawExchange(
    string RunId,
    string Stage,
    [property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string? AgentId,
    int? Page,
    int Attempt,
    string Method,
    string Url,
    int? Status,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    byte[] Body,
    DateTimeOffset StartedAt,
    double DurationMs,
    string Classification,
    string? Error);

namespace PropGrade.ListingApi.Probe;

/// <summary>One request the probe sent (a transient re-send is a call of its own), as its sample file keeps it.</summary>
/// <param name="Number">1-based, in the order sent; the sample file's <c>NN</c>.</param>
/// <param name="Stage"><c>discover</c>, <c>profile</c>, <c>sold</c>, <c>active</c>, <c>v2</c> or <c>audit</c>.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Url">Path and query relative to the base (the key travels in a header, never here).</param>
/// <param name="Status">HTTP status; null when no answer arrived.</param>
/// <param name="Classification">What the client made of it: <c>ok</c>, <c>fail:endpoint_missing</c>, <c>retry:http_503</c>, ...</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="File">The sample file (name only, in the report's sample directory); null when none is kept.</param>
/// <param name="Error">The error text when no usable answer arrived (key removed).</param>
/// <param name="Headers">The response headers, secrets removed.</param>
public sealed record ProbeCall(
    int Number,
    string Stage,
    string Method,
    string Url,
    int? Status,
    string Classification,
    double DurationMs,
    string? File,
    string? Error,
    IReadOnlyDictionary<string, string> Headers);

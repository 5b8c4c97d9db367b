namespace PropGrade.ListingApi.Probe;

/// <summary>
/// One field of one endpoint, tallied over every occurrence the probe saw (every agent, listing, advertiser...).
/// </summary>
/// <param name="Endpoint"><c>agents/list</c>, <c>get-profile</c>, <c>get-listings forSold</c> or <c>get-listings forSale</c>.</param>
/// <param name="Path">The JSON path with <c>[]</c> for "every element", e.g. <c>data.forSold.results[].description.sold_price</c>.</param>
/// <param name="Condition">When the field is expected, e.g. <c>sold listings</c>; null = always.</param>
/// <param name="Required">True when the grader needs it (missing everywhere or of another type: the probe fails).</param>
/// <param name="Expected">The JSON types the client's mapper accepts, e.g. <c>number|null</c>.</param>
/// <param name="Seen">Occurrences present with an accepted type (nulls included).</param>
/// <param name="Missing">Occurrences where the field was absent.</param>
/// <param name="Null">Occurrences that were <c>null</c>.</param>
/// <param name="WrongType">Occurrences of another type or an unusable value.</param>
/// <param name="Types">JSON types seen, with counts.</param>
/// <param name="Verdict"><c>ok</c>, <c>missing</c>, <c>partly missing</c>, <c>wrong type</c>, <c>absent</c> (an optional field) or <c>not seen</c>.</param>
/// <param name="FirstProblemAt">The concrete path of the first missing or wrong occurrence, e.g. <c>data.forSold.results[3].description.sold_price</c>.</param>
/// <param name="Hint">What was there instead (e.g. <c>saw description.last_sold_price</c>).</param>
/// <param name="Note">Anything else worth knowing (e.g. ids sent as numbers, which the mapper reads as strings).</param>
public sealed record FieldCheck(
    string Endpoint,
    string Path,
    string? Condition,
    bool Required,
    string Expected,
    int Seen,
    int Missing,
    int Null,
    int WrongType,
    IReadOnlyDictionary<string, int> Types,
    string Verdict,
    string? FirstProblemAt,
    string? Hint,
    string? Note);

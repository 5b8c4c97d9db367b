namespace PropGrade.ListingApi.Probe;

/// <summary>The <c>get-profile</c> answer for the first agent, compared with its <c>/agents/list</c> entry.</summary>
/// <param name="AdvertiserId">The agent asked for.</param>
/// <param name="NrdsId">Its NRDS id (get-profile needs both).</param>
/// <param name="Verdict"><c>matches the list entry</c>, <c>differs from the list entry</c>, <c>not checked</c> or <c>failed</c>.</param>
/// <param name="Differences">Each figure that differs (the profile bound of a roster agent uses the profile's).</param>
public sealed record ProfileCheck(string AdvertiserId, string? NrdsId, string Verdict, IReadOnlyList<string> Differences);

using System.Text.Json.Serialization;

namespace PropGrade.Core.Listings;

/// <summary>
/// One roster row: an agent named by <c>advertiserId</c> and <c>nrdsId</c>, the two ids <c>/agents/get-profile</c>
/// takes (both are in every export, so a roster can be cut from one). JSON: <c>{"advertiserId": "2210987",
/// "nrdsId": "512004417"}</c>; the advertiser id may be a number. A bare number (a roster of revision-1 records) reads
/// as a row without an NRDS id.
/// </summary>
[JsonConverter(typeof(RosterEntryJsonConverter))]
public sealed record RosterEntry(string AdvertiserId, string? NrdsId);

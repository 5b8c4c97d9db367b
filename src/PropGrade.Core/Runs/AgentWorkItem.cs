using System.Text.Json.Serialization;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Runs;

/// <summary>
/// One agent to grade: an item of the fan-out (a Distributed Map item in <c>items.json</c> on AWS, the items table
/// locally). A discovered agent carries its <c>/agents/list</c> entry as <see cref="Profile"/>, so stage 1 needs no
/// call; a roster agent carries its <see cref="NrdsId"/> instead, and stage 1 calls <c>get-profile</c>.
/// </summary>
/// <param name="AdvertiserId">The agent's advertiser id (a string; revision-1 items hold a number, read as its digits).</param>
/// <param name="Market">The ZIP code it was discovered in (the first, when several); null for a roster agent.</param>
/// <param name="NrdsId">The roster row's NRDS id; null for a discovered agent.</param>
/// <param name="Profile">The discovery entry; null for a roster agent.</param>
public sealed record AgentWorkItem(
    [property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string AdvertiserId,
    string? Market,
    string? NrdsId = null,
    AgentProfile? Profile = null);

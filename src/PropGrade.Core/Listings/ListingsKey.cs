using System.Text.Json.Serialization;

namespace PropGrade.Core.Listings;

/// <summary>
/// The three ids <c>/agents/get-listings</c> takes for one agent: <c>fulfillment_id</c> (= the advertiser id),
/// <c>id</c> (the MLS abbreviation) and <c>agent_id</c> (the agent's member id in that MLS), from the agent's primary
/// MLS entry, else its first (<see cref="AgentProfile.PrimaryListingsKey"/>).
/// </summary>
public sealed record ListingsKey(
    [property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string AdvertiserId,
    string MlsAbbreviation,
    string MlsMemberId);

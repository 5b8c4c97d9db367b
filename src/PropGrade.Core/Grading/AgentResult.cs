using System.Text.Json.Serialization;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Grading;

/// <summary>
/// One agent, graded. Volumes are dollars; sides may be fractional (co-listing shares).
/// <see cref="Complete"/> is false when pages could not all be read or the depth cap was hit; then
/// <see cref="StopReason"/> says why and the figures are what was read.
/// </summary>
/// <param name="AdvertiserId">The agent's advertiser id (also the <c>fulfillment_id</c> its listings name).</param>
/// <param name="UndisclosedSales">Counted sales whose price was undisclosed (<c>description.sold_price</c> null).</param>
/// <param name="VolumeEstimated">True when the sold volume counts list prices for undisclosed sales (<c>undisclosedPrice = listPrice</c>).</param>
/// <param name="UnknownSides">Counted-eligible listings on which the agent appeared only with an advertiser type of no side.</param>
/// <param name="UnknownTypes">Those advertiser types, distinct, in the order first seen.</param>
/// <param name="UnorderedPages">True when a sold page was out of order (the window stop was turned off).</param>
/// <param name="Profiled">True when stage 1 had the agent's profile figures (from discovery or <c>get-profile</c>).</param>
/// <param name="Contact">What a sales rep acts on; null when no profile was read.</param>
public sealed record AgentResult(
    [property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string AdvertiserId,
    string Name,
    string? Office,
    string? Market,
    string Tier,
    string? InitialTier,
    decimal SoldVolume,
    decimal SoldSides,
    decimal ActiveVolume,
    decimal ActiveCount,
    bool Complete,
    bool Skipped,
    string StopReason,
    int PagesFetched,
    int Calls,
    int UndisclosedSales = 0,
    bool VolumeEstimated = false,
    int UnknownSides = 0,
    IReadOnlyList<string>? UnknownTypes = null,
    bool UnorderedPages = false,
    bool Profiled = false,
    AgentContact? Contact = null);

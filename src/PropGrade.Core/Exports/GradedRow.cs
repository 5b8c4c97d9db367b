using PropGrade.Core.Listings;

namespace PropGrade.Core.Exports;

/// <summary>
/// One row of <c>graded.csv</c> / <c>graded.xlsx</c> / <c>contacts.csv</c>: an agent graded into a selected tier (and,
/// on the workbook's Incomplete sheet, an incomplete agent of any tier so far).
/// </summary>
/// <param name="AdvertiserId">The agent's advertiser id.</param>
/// <param name="FulfillmentId">The id its listings name it by (<c>fulfillment_id</c>); under revision 2 the advertiser id.</param>
/// <param name="Movement"><c>new</c>, <c>up</c>, <c>down</c>, <c>same</c> versus the previous run over the same markets; empty when there is none.</param>
/// <param name="UndisclosedSales">Counted sales whose price was undisclosed.</param>
/// <param name="VolumeEstimated">True when the sold volume counts list prices for undisclosed sales.</param>
/// <param name="UnknownSides">Counted-eligible listings on which the agent appeared only with a type of no side.</param>
/// <param name="Contact">What a sales rep acts on (for the contact columns); null when no profile was read.</param>
/// <param name="PreviousTier">The agent's tier in the comparable previous run; null when there is none or the agent was not in it.</param>
public sealed record GradedRow(
    string AdvertiserId,
    string FulfillmentId,
    string Name,
    string? Office,
    string Tier,
    decimal SoldVolume,
    decimal SoldSides,
    decimal ActiveVolume,
    decimal ActiveCount,
    string? InitialTier,
    bool Complete,
    string StopReason,
    int PagesFetched,
    string Movement,
    string? Market,
    int UndisclosedSales = 0,
    bool VolumeEstimated = false,
    int UnknownSides = 0,
    AgentContact? Contact = null,
    string? PreviousTier = null);

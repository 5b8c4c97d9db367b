using PropGrade.Core.Listings;

namespace PropGrade.Core.Exports;

/// <summary>
/// One line of the workbook's <c>Dropped</c> sheet: an agent who was in a selected tier in the comparable previous run
/// and is not now, with what became of them.
/// </summary>
/// <param name="AdvertiserId">The agent.</param>
/// <param name="Name">The agent's name (this run's when graded, else the previous run's).</param>
/// <param name="Office">The agent's office.</param>
/// <param name="Market">The ZIP the agent was graded under.</param>
/// <param name="PreviousTier">The tier in the previous run.</param>
/// <param name="PreviousVolume">The closed volume in the previous run.</param>
/// <param name="PreviousSides">The sides in the previous run.</param>
/// <param name="Tier">The tier now (so far, when incomplete); null when the agent was not found in this run.</param>
/// <param name="Reason"><see cref="DroppedReasons"/>: <c>not found</c>, <c>incomplete</c> or <c>dropped below</c>.</param>
/// <param name="SoldVolume">The closed volume now (what was read, when incomplete); null when not found.</param>
/// <param name="SoldSides">The sides now; null when not found.</param>
/// <param name="StopReason">Why grading stopped (for an incomplete agent, why it could not finish); null when not found.</param>
/// <param name="Contact">The agent's contact (this run's when graded, else the previous run's).</param>
public sealed record DroppedRow(
    string AdvertiserId,
    string Name,
    string? Office,
    string? Market,
    string PreviousTier,
    decimal PreviousVolume,
    decimal PreviousSides,
    string? Tier,
    string Reason,
    decimal? SoldVolume,
    decimal? SoldSides,
    string? StopReason,
    AgentContact? Contact);

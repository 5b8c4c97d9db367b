namespace PropGrade.Core.Stages;

/// <summary>
/// What <see cref="ListingTally"/> made of one listing for one agent: counted or why not (<see cref="ListingVerdicts"/>),
/// the agent's share of each side, the price the rules use, and what the listing added to the figures. The tally's
/// own decision, reported as it is taken (the "why this tier" view reads these; it never judges a listing itself).
/// </summary>
/// <param name="Code">One of <see cref="ListingVerdicts"/>.</param>
/// <param name="ListingShare">The agent's share of the listing side (0 when not on it).</param>
/// <param name="BuyerShare">The agent's share of the buyer side (0 when not on it).</param>
/// <param name="Price">The price counted (sold price, the list price for an undisclosed sale under <c>listPrice</c>, 0 under <c>exclude</c>; the list price for an active listing); null when not counted.</param>
/// <param name="Undisclosed">True for a counted sale whose price was undisclosed.</param>
/// <param name="Volume">What the listing added to the volume (<c>share × price</c>); 0 when not counted.</param>
/// <param name="Sides">What it added to the sold sides (or, for an active listing, to the active count); 0 when not counted.</param>
/// <param name="UnknownType">The advertiser type of no side the agent appeared with, for <see cref="ListingVerdicts.UnknownAdvertiserType"/>.</param>
public sealed record ListingVerdict(
    string Code,
    decimal ListingShare = 0m,
    decimal BuyerShare = 0m,
    decimal? Price = null,
    bool Undisclosed = false,
    decimal Volume = 0m,
    decimal Sides = 0m,
    string? UnknownType = null)
{
    public bool Counted => Code == ListingVerdicts.Counted;
}

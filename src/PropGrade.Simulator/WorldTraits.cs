namespace PropGrade.Simulator;

/// <summary>
/// How often the generated world shows each real-world trait of the provider's data (listing-API contract revision 2).
/// Plain properties with documented defaults (<see cref="Default"/>); change one with <c>with</c>:
/// <c>WorldTraits.Default with { PreviousSaleRate = 1.0, PreviousSaleInWindowRate = 1.0 }</c>. Each trait of a listing
/// is drawn from its own hash of (seed, listing), so changing one rate leaves the rest of the world as it was.
/// </summary>
public sealed record WorldTraits
{
    /// <summary>Share of listings (sold and active) with a second listing agent, typed <c>co_seller</c>. Default 0.08.</summary>
    public double CoListingRate { get; init; } = 0.08;

    /// <summary>Share of sold listings whose listing agent is also the buyer's agent (dual agency). Default 0.04.</summary>
    public double DualAgencyRate { get; init; } = 0.04;

    /// <summary>Share of sold listings with one buyer's agent (another agent), typed <c>buyer</c>. Default 0.55.</summary>
    public double BuyerAgentRate { get; init; } = 0.55;

    /// <summary>Share of sold listings with two buyer's agents (<c>buyer</c> and <c>co_buyer</c>). Default 0.03.</summary>
    public double CoBuyerRate { get; init; } = 0.03;

    /// <summary>Share of listings with one extra advertiser of a type on no side (served as <c>"agent"</c>). Default 0.01.</summary>
    public double UnknownAdvertiserTypeRate { get; init; } = 0.01;

    /// <summary>Share of sold listings in non-disclosure-state markets whose <c>sold_price</c> is null. Default 0.75.</summary>
    public double UndisclosedPriceRate { get; init; } = 0.75;

    /// <summary>Share of sold listings in every other market whose <c>sold_price</c> is null. Default 0.005.</summary>
    public double UndisclosedPriceRateElsewhere { get; init; } = 0.005;

    /// <summary>Share of <c>for_sale</c> listings with <c>flags.is_pending: true</c>. Default 0.20.</summary>
    public double PendingRate { get; init; } = 0.20;

    /// <summary>Share of <c>for_sale</c> listings (not pending) with <c>flags.is_contingent: true</c>. Default 0.06.</summary>
    public double ContingentRate { get; init; } = 0.06;

    /// <summary>
    /// Share of listings that are not sold carrying the property's previous sale in <c>description.sold_date</c> /
    /// <c>sold_price</c>. Default 0.35.
    /// </summary>
    public double PreviousSaleRate { get; init; } = 0.35;

    /// <summary>
    /// Share of those previous sales dated inside the 12 months before today, i.e. inside the default window (the
    /// trap: counting them misgrades silently). Default 0.15; a test world sets it and <see cref="PreviousSaleRate"/> to 1.
    /// </summary>
    public double PreviousSaleInWindowRate { get; init; } = 0.15;

    /// <summary>Share of listings served without <c>list_date</c>. Default 0.05.</summary>
    public double ListDateMissingRate { get; init; } = 0.05;

    /// <summary>
    /// <c>off_market</c> and <c>for_rent</c> listings in an agent's forSale feed, per active listing (expected number).
    /// They count for nothing. Default 0.10.
    /// </summary>
    public double OtherStatusRate { get; init; } = 0.10;

    /// <summary>Share of agents with 2 or 3 MLS entries (a third of them 3). Default 0.30.</summary>
    public double MultipleMlsRate { get; init; } = 0.30;

    /// <summary>Share of agents with MLS entries none of which is marked <c>primary</c>. Default 0.10.</summary>
    public double NoPrimaryMlsRate { get; init; } = 0.10;

    /// <summary>Share of agents with no MLS entry at all (their listings cannot be requested). Default 0.01.</summary>
    public double NoMlsRate { get; init; } = 0.01;

    /// <summary>Share of offices whose <c>office.fulfillment_id</c> is 0. Default 0.60.</summary>
    public double ZeroOfficeIdRate { get; init; } = 0.60;

    /// <summary>Team entries per market in <c>/agents/list</c> without <c>types=agent</c> (0..20). Default 3.</summary>
    public int TeamsPerMarket { get; init; } = 3;

    /// <summary>Office entries per market in <c>/agents/list</c> without <c>types=agent</c> (0..20). Default 2.</summary>
    public int OfficesPerMarket { get; init; } = 2;

    /// <summary>The defaults above.</summary>
    public static WorldTraits Default { get; } = new();

    /// <summary>Every problem with the traits (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Rate(string name, double value)
        {
            if (double.IsNaN(value) || value < 0 || value > 1)
            {
                problems.Add($"Traits.{name} must be between 0 and 1 (was {value}).");
            }
        }

        Rate(nameof(CoListingRate), CoListingRate);
        Rate(nameof(DualAgencyRate), DualAgencyRate);
        Rate(nameof(BuyerAgentRate), BuyerAgentRate);
        Rate(nameof(CoBuyerRate), CoBuyerRate);
        Rate(nameof(UnknownAdvertiserTypeRate), UnknownAdvertiserTypeRate);
        Rate(nameof(UndisclosedPriceRate), UndisclosedPriceRate);
        Rate(nameof(UndisclosedPriceRateElsewhere), UndisclosedPriceRateElsewhere);
        Rate(nameof(PendingRate), PendingRate);
        Rate(nameof(ContingentRate), ContingentRate);
        Rate(nameof(PreviousSaleRate), PreviousSaleRate);
        Rate(nameof(PreviousSaleInWindowRate), PreviousSaleInWindowRate);
        Rate(nameof(ListDateMissingRate), ListDateMissingRate);
        Rate(nameof(OtherStatusRate), OtherStatusRate);
        Rate(nameof(MultipleMlsRate), MultipleMlsRate);
        Rate(nameof(NoPrimaryMlsRate), NoPrimaryMlsRate);
        Rate(nameof(NoMlsRate), NoMlsRate);
        Rate(nameof(ZeroOfficeIdRate), ZeroOfficeIdRate);
        if (DualAgencyRate + BuyerAgentRate + CoBuyerRate > 1 + 1e-9)
        {
            problems.Add("Traits.DualAgencyRate + BuyerAgentRate + CoBuyerRate must be at most 1 (they split the buyer side).");
        }

        if (PendingRate + ContingentRate > 1 + 1e-9)
        {
            problems.Add("Traits.PendingRate + ContingentRate must be at most 1.");
        }

        if (TeamsPerMarket is < 0 or > 20 || OfficesPerMarket is < 0 or > 20)
        {
            problems.Add("Traits.TeamsPerMarket and OfficesPerMarket must be 0..20.");
        }

        return problems;
    }
}

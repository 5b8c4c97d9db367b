namespace PropGrade.Simulator.World;

/// <summary>The cosmetic details of a listing, derived from its <see cref="SimListing.Detail"/> seed when served.</summary>
internal readonly record struct ListingDetails(int StreetNumber, string Street, string PropType, int Beds, int BathHalves, int Sqft)
{
    public static ListingDetails From(uint detail)
    {
        var rng = new SplitMix(detail);
        var propType = NameLists.PropTypes[rng.Next(NameLists.PropTypes.Length)];
        var beds = propType == "land" ? 0 : 1 + rng.Next(5);
        return new ListingDetails(
            StreetNumber: 1 + rng.Next(2500),
            Street: NameLists.Streets[rng.Next(NameLists.Streets.Length)],
            PropType: propType,
            Beds: beds,
            BathHalves: beds == 0 ? 0 : Math.Max(2, (2 * beds) - rng.Next(3)),
            Sqft: beds == 0 ? 0 : 500 + (beds * 350) + rng.Next(800));
    }
}

namespace PropGrade.Simulator.World;

/// <summary>
/// The real US ZIP codes the generated world covers, with a rough local median sale price (whole dollars) and a
/// weight (relative number of agents). 69 ZIPs in 42 states and DC; 14 of them in the 11 non-disclosure states, where
/// sold prices are often not public (<see cref="IsNonDisclosure"/>).
/// </summary>
internal static class MarketCatalog
{
    private static readonly (string Zip, string City, string State, long Median, int Weight)[] Rows =
    [
        ("07030", "Hoboken", "NJ", 750_000, 4),
        ("07078", "Short Hills", "NJ", 1_800_000, 2),
        ("10011", "New York", "NY", 1_600_000, 6),
        ("11215", "Brooklyn", "NY", 1_300_000, 5),
        ("10583", "Scarsdale", "NY", 1_400_000, 2),
        ("11968", "Southampton", "NY", 3_000_000, 1),
        ("90210", "Beverly Hills", "CA", 3_500_000, 3),
        ("94110", "San Francisco", "CA", 1_500_000, 4),
        ("92101", "San Diego", "CA", 750_000, 4),
        ("95014", "Cupertino", "CA", 2_300_000, 2),
        ("90803", "Long Beach", "CA", 1_100_000, 3),
        ("95819", "Sacramento", "CA", 650_000, 3),
        ("78704", "Austin", "TX", 750_000, 5),
        ("77005", "Houston", "TX", 1_100_000, 4),
        ("75205", "Dallas", "TX", 1_800_000, 3),
        ("78209", "San Antonio", "TX", 450_000, 3),
        ("33139", "Miami Beach", "FL", 900_000, 5),
        ("32801", "Orlando", "FL", 400_000, 3),
        ("33606", "Tampa", "FL", 700_000, 3),
        ("34102", "Naples", "FL", 2_200_000, 2),
        ("60614", "Chicago", "IL", 800_000, 5),
        ("60093", "Winnetka", "IL", 1_600_000, 1),
        ("98103", "Seattle", "WA", 950_000, 4),
        ("98004", "Bellevue", "WA", 2_000_000, 2),
        ("02116", "Boston", "MA", 1_300_000, 4),
        ("02138", "Cambridge", "MA", 1_200_000, 2),
        ("80206", "Denver", "CO", 950_000, 3),
        ("81611", "Aspen", "CO", 5_500_000, 1),
        ("85251", "Scottsdale", "AZ", 600_000, 3),
        ("85016", "Phoenix", "AZ", 550_000, 3),
        ("30305", "Atlanta", "GA", 800_000, 4),
        ("30030", "Decatur", "GA", 550_000, 2),
        ("28207", "Charlotte", "NC", 1_100_000, 2),
        ("27608", "Raleigh", "NC", 700_000, 2),
        ("37205", "Nashville", "TN", 1_200_000, 3),
        ("38117", "Memphis", "TN", 350_000, 2),
        ("97209", "Portland", "OR", 550_000, 3),
        ("89135", "Las Vegas", "NV", 750_000, 3),
        ("84103", "Salt Lake City", "UT", 700_000, 2),
        ("55405", "Minneapolis", "MN", 450_000, 3),
        ("48009", "Birmingham", "MI", 800_000, 2),
        ("48207", "Detroit", "MI", 250_000, 2),
        ("43215", "Columbus", "OH", 350_000, 3),
        ("45208", "Cincinnati", "OH", 600_000, 2),
        ("19103", "Philadelphia", "PA", 500_000, 4),
        ("15232", "Pittsburgh", "PA", 450_000, 2),
        ("22207", "Arlington", "VA", 1_200_000, 3),
        ("20815", "Chevy Chase", "MD", 1_300_000, 2),
        ("20007", "Washington", "DC", 1_400_000, 3),
        ("06830", "Greenwich", "CT", 3_000_000, 2),
        ("63105", "Clayton", "MO", 900_000, 2),
        ("70115", "New Orleans", "LA", 550_000, 2),
        ("96815", "Honolulu", "HI", 600_000, 2),
        ("53202", "Milwaukee", "WI", 350_000, 2),
        ("46220", "Indianapolis", "IN", 350_000, 2),
        ("29401", "Charleston", "SC", 1_200_000, 2),
        ("87501", "Santa Fe", "NM", 650_000, 1),
        ("83702", "Boise", "ID", 550_000, 2),
        ("73118", "Oklahoma City", "OK", 300_000, 2),
        ("40207", "Louisville", "KY", 400_000, 2),
        ("35223", "Mountain Brook", "AL", 900_000, 1),
        ("68132", "Omaha", "NE", 350_000, 2),
        ("50312", "Des Moines", "IA", 350_000, 1),
        ("66206", "Leawood", "KS", 600_000, 1),
        ("59715", "Bozeman", "MT", 800_000, 1),
        ("83001", "Jackson", "WY", 2_500_000, 1),
        ("99501", "Anchorage", "AK", 400_000, 1),
        ("39211", "Jackson", "MS", 300_000, 1),
        ("58103", "Fargo", "ND", 300_000, 1),
    ];

    /// <summary>States where sale prices are not public record (the contract's list).</summary>
    public static IReadOnlyList<string> NonDisclosureStates { get; } = ["TX", "UT", "ID", "KS", "LA", "MS", "MT", "NM", "ND", "WY", "AK"];

    public static IReadOnlyList<Market> All { get; } =
        [.. Rows.Select((r, i) => new Market(i, r.Zip, r.City, r.State, r.Median, r.Weight))];

    public static bool IsNonDisclosure(string stateCode) => NonDisclosureStates.Contains(stateCode);

    /// <summary>The three MLS abbreviations agents of a market may belong to (invented, provider-like).</summary>
    public static string[] MlsAbbreviations(Market market)
    {
        var city = new string([.. market.City.Where(char.IsLetter).Take(3)]).ToUpperInvariant();
        return [market.StateCode + "MLS", city + "AR", market.StateCode + city[0] + "X"];
    }
}

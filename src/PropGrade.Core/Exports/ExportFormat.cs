using System.Globalization;

namespace PropGrade.Core.Exports;

/// <summary>How figures are written: volumes in whole dollars, sides with up to one decimal.</summary>
internal static class ExportFormat
{
    public static readonly string[] Columns =
    [
        "advertiser_id", "fulfillment_id", "name", "office", "tier", "sold_volume", "sold_sides",
        "active_volume", "active_count", "initial_tier", "complete", "stop_reason", "pages_fetched", "movement", "market",
        "undisclosed_sales", "volume_estimated", "unknown_sides",
    ];

    /// <summary>
    /// Advertiser ids in a stable, human order: numeric ids by value (shorter first, then ordinal), then any other id.
    /// </summary>
    public static int CompareIds(string a, string b)
    {
        var byLength = a.Length.CompareTo(b.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(a, b);
    }

    public static decimal Dollars(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);

    public static string DollarsText(decimal value) => Dollars(value).ToString("0", CultureInfo.InvariantCulture);

    public static decimal Sides(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    public static string SidesText(decimal value) => Sides(value).ToString("0.#", CultureInfo.InvariantCulture);
}

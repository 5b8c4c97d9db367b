namespace PropGrade.Core.Runs;

/// <summary>Where a market (a ZIP code) is, when the listing source knows it: shown next to the ZIP on the page.</summary>
/// <param name="City">The city, e.g. <c>Hoboken</c>.</param>
/// <param name="State">The two-letter state code, e.g. <c>NJ</c>.</param>
public sealed record MarketPlace(string City, string State);

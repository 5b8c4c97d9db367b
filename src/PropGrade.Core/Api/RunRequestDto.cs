using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>
/// A RunRequest on the wire, exactly the shape <c>POST /runs</c> accepts (so the page can send it back unchanged: "run
/// again"). A rolling request carries <c>rollingMonths</c> and no dates (<c>soldSince</c>/<c>asOf</c> null), so a run
/// created from it grades the months before the API's today then, not the old window; a fixed request carries its
/// dates and <c>rollingMonths</c> null.
/// </summary>
internal sealed record RunRequestDto(
    IReadOnlyList<TierDto> Tiers,
    DateOnly? SoldSince,
    DateOnly? AsOf,
    bool IncludeActive,
    IReadOnlyList<string> SelectedTiers,
    IReadOnlyList<string>? Markets,
    IReadOnlyList<RosterEntry>? Roster,
    int MaxPages,
    string UndisclosedPrice,
    string? Name,
    int? RollingMonths)
{
    public static RunRequestDto From(RunRequest request) => new(
        [.. request.Tiers.Select(t => new TierDto(t.Name, t.MinVolume, t.MinSides))],
        request.RollingMonths is null ? request.SoldSince : null,
        request.RollingMonths is null ? request.AsOf : null,
        request.IncludeActive,
        request.SelectedTiers,
        request.Markets,
        request.Roster,
        request.MaxPages,
        UndisclosedPrices.Name(request.UndisclosedPrice),
        request.Name,
        request.RollingMonths);
}

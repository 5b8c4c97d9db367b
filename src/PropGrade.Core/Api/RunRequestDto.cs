using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>A RunRequest on the wire, exactly the shape <c>POST /runs</c> accepts (so the page can send it back unchanged).</summary>
internal sealed record RunRequestDto(
    IReadOnlyList<TierDto> Tiers,
    DateOnly SoldSince,
    DateOnly AsOf,
    bool IncludeActive,
    IReadOnlyList<string> SelectedTiers,
    IReadOnlyList<string>? Markets,
    IReadOnlyList<RosterEntry>? Roster,
    int MaxPages,
    string UndisclosedPrice)
{
    public static RunRequestDto From(RunRequest request) => new(
        [.. request.Tiers.Select(t => new TierDto(t.Name, t.MinVolume, t.MinSides))],
        request.SoldSince,
        request.AsOf,
        request.IncludeActive,
        request.SelectedTiers,
        request.Markets,
        request.Roster,
        request.MaxPages,
        UndisclosedPrices.Name(request.UndisclosedPrice));
}

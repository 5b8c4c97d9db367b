using PropGrade.Core.Listings;

namespace PropGrade.Core.Runs;

/// <summary>
/// What to grade: one shape for the CLI, the runs API, the schedule and the Step Functions input
/// (<c>contracts/runs-api.md</c>). Tiers are ordered highest first. Exactly one of <see cref="Markets"/> and
/// <see cref="Roster"/> is used; markets default to the source's configured markets.
/// </summary>
/// <param name="Roster">Agents named by advertiser id and NRDS id, instead of markets.</param>
/// <param name="UndisclosedPrice">What an undisclosed sale price counts as (default: the list price).</param>
public sealed record RunRequest(
    IReadOnlyList<TierDefinition> Tiers,
    DateOnly SoldSince,
    DateOnly AsOf,
    bool IncludeActive,
    IReadOnlyList<string> SelectedTiers,
    IReadOnlyList<string>? Markets,
    IReadOnlyList<RosterEntry>? Roster,
    int MaxPages,
    UndisclosedPrice UndisclosedPrice = UndisclosedPrice.ListPrice);

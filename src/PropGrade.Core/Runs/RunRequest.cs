namespace PropGrade.Core.Runs;

/// <summary>
/// What to grade: one shape for the CLI, the runs API, the schedule and the Step Functions input
/// (<c>contracts/runs-api.md</c>). Tiers are ordered highest first. Exactly one of <see cref="Markets"/> and
/// <see cref="Roster"/> is used; markets default to the source's configured markets.
/// </summary>
public sealed record RunRequest(
    IReadOnlyList<TierDefinition> Tiers,
    DateOnly SoldSince,
    DateOnly AsOf,
    bool IncludeActive,
    IReadOnlyList<string> SelectedTiers,
    IReadOnlyList<string>? Markets,
    IReadOnlyList<long>? Roster,
    int MaxPages);

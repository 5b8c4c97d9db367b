namespace PropGrade.Simulator.Truth;

/// <summary>The parameters of one truth computation (see docs/grading-rules.md, revision 2).</summary>
internal sealed record TruthQuery(
    DateOnly SoldSince,
    DateOnly AsOf,
    bool IncludeActive,
    IReadOnlyList<TruthTier> Tiers,
    IReadOnlyList<string> SelectedTiers,
    int MaxPages,
    IReadOnlyList<string>? Markets,
    UndisclosedPrice UndisclosedPrice = UndisclosedPrice.ListPrice,
    bool Roster = false)
{
    /// <summary>The default tiers of contracts/runs-api.md.</summary>
    public static IReadOnlyList<TruthTier> DefaultTiers { get; } =
    [
        new("A", 40_000_000m, null),
        new("B", 16_000_000m, 40m),
        new("C", 5_000_000m, 12m),
    ];
}

namespace PropGrade.Simulator.Truth;

/// <summary>A tier as the truth query takes it: <c>{"name","minVolume","minSides"}</c>, either criterion optional.</summary>
internal sealed record TruthTier(string Name, decimal? MinVolume, decimal? MinSides)
{
    public bool IsMet(decimal volume, decimal sides) =>
        (MinVolume is { } v && volume >= v) || (MinSides is { } s && sides >= s);
}

namespace PropGrade.Core.Runs;

/// <summary>A grade: met when volume &gt;= <see cref="MinVolume"/> or sides &gt;= <see cref="MinSides"/> (either may be absent, not both).</summary>
public sealed record TierDefinition(string Name, decimal? MinVolume, decimal? MinSides);

namespace PropGrade.Simulator.Truth;

/// <summary>One element of the <c>tiers</c> query parameter, as sent (camelCase JSON).</summary>
internal sealed record TierInput(string? Name, decimal? MinVolume, decimal? MinSides);

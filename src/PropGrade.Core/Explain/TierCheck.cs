namespace PropGrade.Core.Explain;

/// <summary>One tier against the agent's figures: its criteria and which of them the figures meet.</summary>
/// <param name="Tier">The tier name.</param>
/// <param name="MinVolume">Its minimum volume, when it has one.</param>
/// <param name="MinSides">Its minimum sides, when it has one.</param>
/// <param name="Evaluated">False for a tier above the highest selected one (never evaluated: the agent is reported as the highest selected tier).</param>
/// <param name="MetByVolume">The volume meets <see cref="MinVolume"/>.</param>
/// <param name="MetBySides">The sides meet <see cref="MinSides"/>.</param>
public sealed record TierCheck(string Tier, decimal? MinVolume, decimal? MinSides, bool Evaluated, bool MetByVolume, bool MetBySides)
{
    public bool Met => MetByVolume || MetBySides;
}

namespace PropGrade.Core.Exports;

/// <summary>The run a movement column compares with: its id and each agent's tier, by advertiser id.</summary>
public sealed record PreviousRun(string RunId, IReadOnlyDictionary<string, string> Tiers);

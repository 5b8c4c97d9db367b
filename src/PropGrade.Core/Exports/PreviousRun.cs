namespace PropGrade.Core.Exports;

/// <summary>The run a movement column compares with: its id and each agent's tier.</summary>
public sealed record PreviousRun(string RunId, IReadOnlyDictionary<long, string> Tiers);

namespace PropGrade.Functions.Messages;

/// <summary>What the discovery Map's ItemSelector hands a child: one market of one run, and the child's rate.</summary>
public sealed record DiscoveryTask(string RunId, string Market, double Rate);

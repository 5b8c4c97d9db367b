namespace PropGrade.Functions.Messages;

/// <summary>What the run-level handlers return: the run and its final (or new) status.</summary>
public sealed record RunFinished(string RunId, string Status);

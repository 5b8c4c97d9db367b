namespace PropGrade.Functions.Messages;

/// <summary>Prepare's output: the run, where its Map items are, how many.</summary>
public sealed record PreparedRun(string RunId, string ItemsKey, int Agents);

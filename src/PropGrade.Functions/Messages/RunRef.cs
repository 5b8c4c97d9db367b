namespace PropGrade.Functions.Messages;

/// <summary>A state's input that only names the run (the rest of the state is ignored).</summary>
public sealed record RunRef(string RunId);

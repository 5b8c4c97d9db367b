namespace PropGrade.Functions.Messages;

/// <summary>The ItemBatcher's BatchInput: what every batch of a run shares — the run, and each worker's rate and agents in flight.</summary>
public sealed record MapBatchInput(string RunId, double Rate = 0, int InFlight = 1);

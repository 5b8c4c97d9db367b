namespace PropGrade.Functions.Messages;

/// <summary>The ItemBatcher's BatchInput: what every batch of a run shares.</summary>
public sealed record MapBatchInput(string RunId);

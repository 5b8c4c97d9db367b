namespace PropGrade.Functions.Messages;

/// <summary>Whether EventBridge included the execution's input (or output) in the event.</summary>
public sealed record ExecutionDataDetails(bool? Included);

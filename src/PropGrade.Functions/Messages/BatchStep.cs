namespace PropGrade.Functions.Messages;

/// <summary>
/// <c>GradeBatch</c>'s (and <c>RecordBatchFailure</c>'s) output at <c>$.progress</c>: whether the batch is done; otherwise
/// the Choice loops back, and the next invocation goes on from the batch's saved progress (checkpoint
/// <see cref="Checkpoint"/>): no saved agent is asked again, a stopped one goes on from its next page.
/// </summary>
public sealed record BatchStep(bool Done, int Checkpoint, int Finished, int Stopped, int NotStarted, int Failures);

namespace PropGrade.Functions.Workflow;

/// <summary>
/// A status-change event whose execution input names no run (<c>{"requestKey":"runs/{runId}/request.json"}</c>): the
/// invocation fails, so that after Lambda's retries the event lands in the dead-letter queue and its alarm fires,
/// rather than a run staying RUNNING unnoticed.
/// </summary>
public sealed class ExecutionNotARunException(string? executionArn, bool inputIncluded)
    : Exception(inputIncluded
        ? $"Execution '{executionArn}' has no run request key in its input; its run (if any) was not marked."
        : $"The event of execution '{executionArn}' carries no input (too large for EventBridge); its run was not marked.");

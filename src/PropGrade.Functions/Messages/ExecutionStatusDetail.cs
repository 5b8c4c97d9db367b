namespace PropGrade.Functions.Messages;

/// <summary>
/// The event's <c>detail</c>: what <c>DescribeExecution</c> returns. <see cref="Input"/> is the execution input as a
/// JSON <em>string</em> (here <c>{"requestKey":"runs/{runId}/request.json"}</c>); EventBridge leaves it out
/// (<see cref="InputDetails"/>.Included false) only when input and output together pass 248 KB, which this tiny
/// input never does. <see cref="Error"/> and <see cref="Cause"/> are set when the execution failed (and, for an
/// aborted execution, when StopExecution named them). <see cref="RedriveCount"/> is 1 or more on a redriven execution
/// (its RUNNING event is how the run is reopened).
/// </summary>
public sealed record ExecutionStatusDetail(
    string? ExecutionArn,
    string? StateMachineArn,
    string? Name,
    string? Status,
    long? StartDate,
    long? StopDate,
    string? Input,
    ExecutionDataDetails? InputDetails,
    string? Error,
    string? Cause,
    int? RedriveCount = null);

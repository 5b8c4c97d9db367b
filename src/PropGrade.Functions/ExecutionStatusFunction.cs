using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>
/// Target of the run-ended rule (EventBridge, "Step Functions Execution Status Change" of the grading machine): status
/// FAILED, TIMED_OUT or ABORTED marks the run FAILED with the reason unless it already reached a final status, and
/// releases its API-key lock; a redriven execution (RUNNING, <c>redriveCount</c> ≥ 1) reopens its run. Input: the
/// EventBridge event; output: <see cref="Messages.ExecutionStatusResult"/>.
/// </summary>
public sealed class ExecutionStatusFunction
{
    private readonly FunctionHost host;
    private readonly ExecutionStatusRecorder recorder;

    public ExecutionStatusFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal ExecutionStatusFunction(FunctionHost host)
    {
        this.host = host ?? throw new ArgumentNullException(nameof(host));
        recorder = new ExecutionStatusRecorder(host.Lifecycle, host.Runs, host.Logger(FunctionLog.Category));
    }

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input,
        FunctionsJsonContext.Default.ExecutionStatusEvent,
        FunctionsJsonContext.Default.ExecutionStatusResult,
        recorder.RecordAsync,
        host.Logger(FunctionLog.Category),
        "ExecutionStatus",
        e => e.Detail is { } d ? ExecutionStatusRecorder.RunIdOf(d) : null);
}

using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>
/// Target of the run-ended rule (EventBridge, "Step Functions Execution Status Change", status FAILED, TIMED_OUT or
/// ABORTED, grading machine only): marks the run FAILED with the reason unless it already reached a final status,
/// and releases its API-key lock (a hook until the lock exists). Input: the EventBridge event; output:
/// <see cref="Messages.ExecutionStatusResult"/>.
/// </summary>
public sealed class ExecutionStatusFunction
{
    private readonly ExecutionStatusRecorder recorder;

    public ExecutionStatusFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal ExecutionStatusFunction(FunctionHost host)
        : this(host, NoApiKeyLock.Instance, Console.Out)
    {
    }

    internal ExecutionStatusFunction(FunctionHost host, IApiKeyLockRelease apiKeyLock, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(host);
        recorder = new ExecutionStatusRecorder(host.Dynamo, host.Settings.RunsTable, host.Runs, host.Time, apiKeyLock, log);
    }

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input, FunctionsJsonContext.Default.ExecutionStatusEvent, FunctionsJsonContext.Default.ExecutionStatusResult, recorder.RecordAsync);
}

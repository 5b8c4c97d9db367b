using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>RecordBatchFailure</c>: a batch invocation died; go on from the last checkpoint, or record its unsaved agents incomplete at the limit.</summary>
public sealed class RecordBatchFailureFunction
{
    private readonly FunctionHost host;
    private readonly BatchFailureRecorder recorder;

    public RecordBatchFailureFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal RecordBatchFailureFunction(FunctionHost host)
    {
        this.host = host ?? throw new ArgumentNullException(nameof(host));
        recorder = new BatchFailureRecorder(host);
    }

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input,
        FunctionsJsonContext.Default.FailureInput,
        FunctionsJsonContext.Default.BatchStep,
        recorder.RecordAsync,
        host.Logger(FunctionLog.Category),
        "RecordBatchFailure",
        i => i.RunId ?? i.BatchInput?.RunId);
}

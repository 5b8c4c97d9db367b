using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>RecordBatchFailure</c>: a batch's stage failed after retries; its agents are reported incomplete.</summary>
public sealed class BatchFailedFunction
{
    private readonly BatchFailureRecorder recorder;

    public BatchFailedFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal BatchFailedFunction(FunctionHost host) => recorder = new BatchFailureRecorder(host);

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input, FunctionsJsonContext.Default.FailureInput, FunctionsJsonContext.Default.BatchEnvelope, recorder.RecordAsync);
}

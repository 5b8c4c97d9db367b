using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>MarkRunFailed</c>: the run-level Catch marks the run FAILED.</summary>
public sealed class RunFailedFunction
{
    private readonly RunFailureRecorder recorder;

    public RunFailedFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal RunFailedFunction(FunctionHost host) => recorder = new RunFailureRecorder(host);

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input, FunctionsJsonContext.Default.FailureInput, FunctionsJsonContext.Default.RunFinished, recorder.RecordAsync);
}

using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>MarkRunFailed</c>: StartRun's Catch marks the run FAILED.</summary>
public sealed class RunFailedFunction
{
    private readonly FunctionHost host;
    private readonly RunFailureRecorder recorder;

    public RunFailedFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal RunFailedFunction(FunctionHost host)
    {
        this.host = host ?? throw new ArgumentNullException(nameof(host));
        recorder = new RunFailureRecorder(host);
    }

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input,
        FunctionsJsonContext.Default.FailureInput,
        FunctionsJsonContext.Default.RunFinished,
        recorder.RecordAsync,
        host.Logger(FunctionLog.Category),
        "MarkRunFailed",
        i => RunFailureRecorder.RunIdOf(i));
}

using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>ActiveStage</c> of a Map batch: stage 2, active listings (with includeActive, while the tier is open).</summary>
public sealed class ActiveStageFunction
{
    private readonly BatchStageRunner runner;

    public ActiveStageFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal ActiveStageFunction(FunctionHost host) => runner = new BatchStageRunner(host);

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input,
        FunctionsJsonContext.Default.BatchEnvelope,
        FunctionsJsonContext.Default.BatchEnvelope,
        (batch, ct) => runner.ContinueAsync(StageKind.Active, batch, ct));
}

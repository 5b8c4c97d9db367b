using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>SoldStage</c> of a Map batch: stage 3, sold listings newest first until the tier is settled.</summary>
public sealed class SoldStageFunction
{
    private readonly BatchStageRunner runner;

    public SoldStageFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal SoldStageFunction(FunctionHost host) => runner = new BatchStageRunner(host);

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input,
        FunctionsJsonContext.Default.BatchEnvelope,
        FunctionsJsonContext.Default.BatchEnvelope,
        (batch, ct) => runner.ContinueAsync(StageKind.Sold, batch, ct));
}

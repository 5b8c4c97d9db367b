using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>ProfileStage</c> (stage 1) of a Map batch: profiles, initial scores, the profile bound.</summary>
public sealed class ProfileStageFunction
{
    private readonly BatchStageRunner runner;

    public ProfileStageFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal ProfileStageFunction(FunctionHost host) => runner = new BatchStageRunner(host);

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input, FunctionsJsonContext.Default.MapBatch, FunctionsJsonContext.Default.BatchEnvelope, runner.StartAsync);
}

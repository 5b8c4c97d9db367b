using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>Aggregate</c>: grades, exports, the run's final status.</summary>
public sealed class AggregateFunction
{
    private readonly RunAggregation aggregation;

    public AggregateFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal AggregateFunction(FunctionHost host) => aggregation = new RunAggregation(host);

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input, FunctionsJsonContext.Default.PreparedRun, FunctionsJsonContext.Default.RunFinished, aggregation.AggregateAsync);
}

using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>Aggregate</c>: grades, exports, the run's final status.</summary>
public sealed class AggregateFunction
{
    private readonly FunctionHost host;
    private readonly RunFinisher finisher;

    public AggregateFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal AggregateFunction(FunctionHost host)
    {
        this.host = host ?? throw new ArgumentNullException(nameof(host));
        finisher = new RunFinisher(host);
    }

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input,
        FunctionsJsonContext.Default.RunRef,
        FunctionsJsonContext.Default.RunFinished,
        finisher.FinishAsync,
        host.Logger(FunctionLog.Category),
        "Aggregate",
        i => i.RunId);
}

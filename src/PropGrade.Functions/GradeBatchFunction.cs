using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>GradeBatch</c> (agents Map child): a time-budgeted invocation on one batch, several agents in flight; the item processor loops until the batch is done.</summary>
public sealed class GradeBatchFunction
{
    private readonly FunctionHost host;
    private readonly BatchWorker worker;

    public GradeBatchFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal GradeBatchFunction(FunctionHost host)
    {
        this.host = host ?? throw new ArgumentNullException(nameof(host));
        worker = new BatchWorker(host);
    }

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input,
        FunctionsJsonContext.Default.MapBatch,
        FunctionsJsonContext.Default.BatchStep,
        worker.GradeAsync,
        host.Logger(FunctionLog.Category),
        "GradeBatch",
        i => i.BatchInput.RunId);
}

using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary><c>Aggregate</c>: the lifecycle's finish (aggregate, exports streamed to S3, final status, the key's lock released).</summary>
internal sealed class RunFinisher(FunctionHost host)
{
    public async Task<RunFinished> FinishAsync(RunRef run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var record = await host.Lifecycle.FinishAsync(run.RunId, RunFinishOptions.None, cancellationToken);
        return new RunFinished(record.RunId, record.Status.ToString().ToUpperInvariant());
    }
}

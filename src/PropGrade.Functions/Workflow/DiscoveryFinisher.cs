using PropGrade.Aws.Storage;
using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// <c>FinishDiscovery</c>: the lifecycle merges the markets' slices into <c>items.json</c> (the agents Map's ItemReader
/// input; one market's slices held at a time, the items streamed up in parts of a multipart upload), records the markets and counters; the grading workers are sized from the plan's rate and the latency the
/// discovery pages showed (<see cref="WorkerPlan.ForGrading"/>).
/// </summary>
internal sealed class DiscoveryFinisher(FunctionHost host)
{
    public async Task<DiscoveredRun> FinishAsync(RunRef run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var outcome = await host.Lifecycle.CompleteDiscoveryAsync(run.RunId, makesApiCalls: true, cancellationToken);
        var batches = (int)Math.Ceiling(outcome.ItemCount / (double)host.Settings.AgentsPerBatch);
        var plan = WorkerPlan.ForGrading(host.Settings.RequestsPerSecond, outcome.Latency, batches, host.Settings.MaxWorkers);
        return new DiscoveredRun(run.RunId, S3Keys.Items(run.RunId), outcome.ItemCount, plan.Workers, plan.InFlight, plan.RatePerWorker, outcome.Latency.TotalMilliseconds);
    }
}

using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// <c>RecordBatchFailure</c>: an invocation of the batch died (crash, Lambda timeout) after Step Functions' retries. The
/// lifecycle counts it; below the limit the batch loops back and goes on from its last checkpoint, at the limit its
/// unsaved agents are recorded incomplete (<c>batch_failed:{error}</c>, graded on what was read). No API call.
/// </summary>
internal sealed class BatchFailureRecorder(FunctionHost host)
{
    public async Task<BatchStep> RecordAsync(FailureInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runId = input.RunId ?? input.BatchInput?.RunId ?? throw new ArgumentException("The failed batch names no run.");
        var items = input.MapItems ?? throw new ArgumentException("The failed batch lists no agents.");
        var outcome = await host.Lifecycle.RecordBatchFailureAsync(runId, BatchKeys.For(items), items, input.Error?.Error ?? "unknown", host.Settings.MaxBatchFailures, cancellationToken);
        return new BatchStep(outcome.Done, outcome.Progress.Checkpoint, outcome.Finished, 0, 0, outcome.Progress.Failures);
    }
}

using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// <c>GradeBatch</c> (an agents Map child, looping on its output): renews the run's API-key lock, then works on the batch
/// from its saved progress with several agents in flight through one client (one limiter) paced at the worker's rate,
/// until the batch is done or the invocation's budget ends (timeout − margin; agents in flight stop before their next
/// page and are saved as they are). A run-level breaker opening throws <see cref="RunBreakerOpenException"/> (run-stopping).
/// </summary>
internal sealed class BatchWorker(FunctionHost host)
{
    public async Task<BatchStep> GradeAsync(MapBatch input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = host.Time.GetTimestamp();
        var runId = input.BatchInput.RunId;
        var (_, plan) = await host.Lifecycle.ContinueAsync(runId, cancellationToken);
        var client = host.Client(input.BatchInput.Rate);
        var wire = new WireMeter(client.Metrics);
        var work = new BatchWork
        {
            InFlight = Math.Max(1, input.BatchInput.InFlight),
            Budget = host.Settings.Budget,
            HardStop = host.Settings.HardStop,
            CheckpointAgents = host.Settings.CheckpointAgents,
        };
        var breaker = host.Settings.BreakerThreshold > 0 ? new ConsecutiveFailureBreaker(host.Settings.BreakerThreshold) : null;
        BatchOutcome? outcome = null;
        try
        {
            outcome = await host.Lifecycle.GradeBatchAsync(runId, plan, BatchKeys.For(input.Items), input.Items, client, host.RawStore, work, breaker, null, cancellationToken);
            return new BatchStep(outcome.Done, outcome.Progress.Checkpoint, outcome.Finished, outcome.Stopped, outcome.NotStarted, outcome.Progress.Failures);
        }
        finally
        {
            // Whatever happened, the wire's 429s and retries go on the record and into the metrics.
            await host.Runs.AddCountersAsync(runId, wire.Counters, CancellationToken.None);
            host.Metrics.Write("GradeBatch", runId, new Dictionary<string, long>
            {
                ["ApiCalls"] = wire.Requests,
                ["Throttled"] = wire.Throttled,
                ["Retries"] = wire.Retries,
                ["AgentsFinished"] = outcome?.Finished ?? 0,
                ["IncompleteAgents"] = outcome?.Incomplete ?? 0,
                ["AgentsStopped"] = outcome?.Stopped ?? 0,
            }, new Dictionary<string, double> { ["InvocationTime"] = host.Time.GetElapsedTime(started).TotalMilliseconds });
        }
    }
}

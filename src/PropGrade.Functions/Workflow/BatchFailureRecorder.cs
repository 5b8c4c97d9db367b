using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// A batch whose stage failed after Step Functions' retries: every agent of it is reported, incomplete, with the
/// error as its reason (graded on what was read when the state got that far), never lost.
/// </summary>
internal sealed class BatchFailureRecorder(FunctionHost host)
{
    public const string ReasonPrefix = "batch_failed:";

    public async Task<BatchEnvelope> RecordAsync(FailureInput input, CancellationToken cancellationToken)
    {
        var runId = input.RunId ?? input.BatchInput?.RunId ?? throw new ArgumentException("The failed batch names no run.");
        var items = input.Items ?? input.MapItems ?? throw new ArgumentException("The failed batch lists no agents.");
        var batchKey = input.BatchKey ?? BatchStageRunner.BatchKey(items);
        var reason = ReasonPrefix + (input.Error?.Error ?? "unknown");

        StageBatch? batch = null;
        if (input.Batch is not null || input.StateKey is not null)
        {
            batch = await new BatchStageRunner(host).LoadAsync(new BatchEnvelope(runId, batchKey, "", items, input.Batch, input.StateKey), cancellationToken);
        }

        List<AgentResult> results;
        if (batch is not null)
        {
            results = [.. batch.Agents.Select(a => (a.IsDone ? a : a.Fail(reason)).ToResult(batch.Plan))];
        }
        else
        {
            results = [.. items.Select(i => new AgentResult(i.AdvertiserId, i.Profile?.Name ?? "", i.Profile?.OfficeName, i.Market, GradingPlan.Unranked, null, 0m, 0m, 0m, 0m, false, false, reason, 0, 0, Contact: i.Profile?.Contact))];
        }

        await host.Workspace.SaveResultsAsync(runId, batchKey, results, cancellationToken);
        await host.Runs.AddCountersAsync(runId, new RunCounters(
            AgentsDone: results.Count,
            AgentsIncomplete: results.Count(r => !r.Complete),
            AgentsSkipped: results.Count(r => r.Skipped)), cancellationToken);
        return new BatchEnvelope(runId, batchKey, "done", items, null, null);
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PropGrade.Aws.Storage;
using PropGrade.Core.Audit;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// Runs one Core stage over a batch of agents: one raw group per batch and stage, counters as atomic adds, and the
/// batch's results saved once every agent is done. The grading itself is entirely Core's
/// (<see cref="ProfileStage"/>, <see cref="ActiveStage"/>, <see cref="SoldStage"/>).
/// </summary>
internal sealed class BatchStageRunner(FunctionHost host)
{
    /// <summary>Above this the batch state goes to S3 instead of the state payload (limit 256 KB).</summary>
    internal const int InlineStateLimitBytes = 160 * 1024;

    public async Task<BatchEnvelope> StartAsync(MapBatch input, CancellationToken cancellationToken)
    {
        var runId = input.BatchInput.RunId;
        var record = await host.Runs.GetAsync(runId, cancellationToken)
            ?? throw new KeyNotFoundException($"Run '{runId}' has no record.");
        var plan = GradingPlan.From(record.Request, record.ApiToday ?? throw new InvalidOperationException($"Run '{runId}' was not prepared."));
        var batch = new StageBatch(runId, plan, [.. input.Items.Select(AgentState.Start)]);
        return await RunAsync(StageKind.Profile, BatchKey(input.Items), input.Items, batch, cancellationToken);
    }

    public async Task<BatchEnvelope> ContinueAsync(StageKind stage, BatchEnvelope input, CancellationToken cancellationToken)
    {
        var batch = await LoadAsync(input, cancellationToken);
        return await RunAsync(stage, input.BatchKey, input.Items, batch, cancellationToken);
    }

    internal async Task<StageBatch> LoadAsync(BatchEnvelope input, CancellationToken cancellationToken)
    {
        if (input.Batch is { } inline)
        {
            return inline;
        }

        var key = input.StateKey ?? throw new ArgumentException("The batch has neither inline state nor a state key.");
        var bytes = await new S3ObjectClient(host.S3, host.Settings.WorkBucket).GetBytesAsync(key, cancellationToken)
            ?? throw new InvalidOperationException($"The batch state {key} is missing.");
        return JsonSerializer.Deserialize(bytes, FunctionsJsonContext.Default.StageBatch)!;
    }

    /// <summary>Deterministic per set of agents: a retried child execution overwrites its own objects.</summary>
    internal static string BatchKey(IReadOnlyList<AgentWorkItem> items)
    {
        var ids = string.Join(',', items.Select(i => i.AdvertiserId));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids)))[..12];
        // The id is the provider's: only its letters and digits go into the key (the hash keeps keys distinct).
        var first = new string([.. items[0].AdvertiserId.Where(char.IsAsciiLetterOrDigit).Take(40)]);
        return $"b{first}-{items.Count}-{hash}";
    }

    private async Task<BatchEnvelope> RunAsync(StageKind stage, string batchKey, IReadOnlyList<AgentWorkItem> items, StageBatch batch, CancellationToken cancellationToken)
    {
        var stageName = stage.ToString().ToLowerInvariant();
        var agents = new AgentState[batch.Agents.Count];
        await using (var group = host.RawStore.OpenGroup(batch.RunId, $"{batchKey}/{stageName}"))
        {
            var context = new FetchContext(batch.RunId, stageName, null, group);
            for (var i = 0; i < agents.Length; i++)
            {
                var state = batch.Agents[i];
                agents[i] = stage switch
                {
                    StageKind.Profile => await ProfileStage.RunAsync(state, batch.Plan, host.ListingSource, context, cancellationToken),
                    StageKind.Active => await ActiveStage.RunAsync(state, batch.Plan, host.ListingSource, context, cancellationToken),
                    _ => await SoldStage.RunAsync(state, batch.Plan, host.ListingSource, context, cancellationToken),
                };
            }

            await group.CommitAsync(cancellationToken);
        }

        var next = batch with { Agents = agents };
        var calls = agents.Zip(batch.Agents, (after, before) => (long)(after.Calls - before.Calls)).Sum();
        var profiled = stage == StageKind.Profile ? agents.Count(a => a.Profiled) : 0;
        var nextStage = agents.Any(a => a.Next == AgentStage.Active) ? "active"
            : agents.Any(a => a.Next == AgentStage.Sold) ? "sold"
            : "done";
        if (nextStage == "done")
        {
            var results = agents.Select(a => a.ToResult(batch.Plan)).ToList();
            await host.Workspace.SaveResultsAsync(batch.RunId, batchKey, results, cancellationToken);
            await host.Runs.AddCountersAsync(batch.RunId, new RunCounters(
                AgentsProfiled: profiled,
                AgentsDone: results.Count,
                AgentsIncomplete: results.Count(r => !r.Complete),
                AgentsSkipped: results.Count(r => r.Skipped),
                ApiCalls: calls), cancellationToken);
            return new BatchEnvelope(batch.RunId, batchKey, nextStage, items, null, null);
        }

        await host.Runs.AddCountersAsync(batch.RunId, new RunCounters(AgentsProfiled: profiled, ApiCalls: calls), cancellationToken);
        var inline = JsonSerializer.SerializeToUtf8Bytes(next, FunctionsJsonContext.Default.StageBatch);
        if (inline.Length <= InlineStateLimitBytes)
        {
            return new BatchEnvelope(batch.RunId, batchKey, nextStage, items, next, null);
        }

        var stateKey = S3Keys.Run(batch.RunId) + $"state/{batchKey}.json";
        await new S3ObjectClient(host.S3, host.Settings.WorkBucket).PutAsync(stateKey, inline, "application/json", cancellationToken);
        return new BatchEnvelope(batch.RunId, batchKey, nextStage, items, null, stateKey);
    }
}

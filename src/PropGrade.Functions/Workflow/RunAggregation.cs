using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// Aggregate: the batch results → Core's <see cref="RunAggregator"/> (grades, exports, movement versus the previous run
/// over the same markets) → the export files in S3 → the run record's final status.
/// </summary>
internal sealed class RunAggregation(FunctionHost host)
{
    public async Task<RunFinished> AggregateAsync(PreparedRun input, CancellationToken cancellationToken)
    {
        var record = await host.Runs.GetAsync(input.RunId, cancellationToken)
            ?? throw new KeyNotFoundException($"Run '{input.RunId}' has no record.");
        var items = await host.Workspace.ReadItemsAsync(input.RunId, cancellationToken) ?? [];
        var wanted = items.Select(i => i.AdvertiserId).ToHashSet();
        var results = new List<AgentResult>(items.Count);
        await foreach (var result in host.Workspace.ReadResultsAsync(input.RunId, cancellationToken))
        {
            if (wanted.Contains(result.AdvertiserId))
            {
                results.Add(result);
            }
        }

        var plan = GradingPlan.From(record.Request, record.ApiToday ?? throw new InvalidOperationException("The run was not prepared."));
        var previous = await FindPreviousAsync(record, cancellationToken);
        var aggregate = RunAggregator.Aggregate(plan, record.Request, items.Count, results, previous);
        foreach (var file in aggregate.Files)
        {
            await host.Exports.WriteAsync(record.RunId, file.Name, file.Content, file.ContentType, cancellationToken);
        }

        await host.Runs.FinishAsync(
            record.RunId,
            new RunOutcome(aggregate.Status, host.Time.GetUtcNow(), aggregate.TierCounts, [.. aggregate.Files.Select(f => f.Name)], null),
            cancellationToken);
        return new RunFinished(record.RunId, aggregate.Status.ToString().ToUpperInvariant());
    }

    // The same choice as the local orchestrator: the newest earlier finished run over the same markets (or roster).
    private async Task<PreviousRun?> FindPreviousAsync(RunRecord record, CancellationToken cancellationToken)
    {
        var all = await host.Runs.ListAsync(1000, cancellationToken);
        var candidate = all
            .Where(r => r.RunId != record.RunId && r.RegradeOf is null)
            .Where(r => r.Status is RunStatus.Succeeded or RunStatus.Partial)
            .Where(r => r.CreatedAt <= record.CreatedAt && string.CompareOrdinal(r.RunId, record.RunId) < 0)
            .Where(r => SameScope(r.Request, record.Request))
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal)
            .FirstOrDefault();
        if (candidate is null)
        {
            return null;
        }

        var tiers = new Dictionary<long, string>();
        await foreach (var result in host.Workspace.ReadResultsAsync(candidate.RunId, cancellationToken))
        {
            tiers[result.AdvertiserId] = result.Tier;
        }

        return new PreviousRun(candidate.RunId, tiers);
    }

    private static bool SameScope(RunRequest a, RunRequest b) =>
        a.Roster is not null || b.Roster is not null
            ? a.Roster is not null && b.Roster is not null && a.Roster.ToHashSet().SetEquals(b.Roster)
            : (a.Markets ?? []).ToHashSet(StringComparer.Ordinal).SetEquals(b.Markets ?? []);
}

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
        var wanted = items.Select(i => i.AdvertiserId).ToHashSet(StringComparer.Ordinal);
        var results = new List<AgentResult>(items.Count);
        await foreach (var result in host.Workspace.ReadResultsAsync(input.RunId, cancellationToken))
        {
            if (wanted.Contains(result.AdvertiserId))
            {
                results.Add(result);
            }
        }

        var plan = GradingPlan.From(record.Request, record.ApiToday ?? throw new InvalidOperationException("The run was not prepared."));
        var previous = await PreviousRunSelector.FindAsync(host.Runs, host.Workspace, record, cancellationToken);
        var aggregate = RunAggregator.Aggregate(plan, record.Request, items.Count, results, previous, record.Markets);
        foreach (var file in aggregate.Files)
        {
            await host.Exports.WriteAsync(record.RunId, file.Name, file.Content, file.ContentType, cancellationToken);
        }

        await host.Runs.FinishAsync(
            record.RunId,
            new RunOutcome(aggregate.Status, host.Time.GetUtcNow(), aggregate.TierCounts, [.. aggregate.Files.Select(f => f.Name)], null, aggregate.Warnings),
            cancellationToken);
        return new RunFinished(record.RunId, aggregate.Status.ToString().ToUpperInvariant());
    }
}

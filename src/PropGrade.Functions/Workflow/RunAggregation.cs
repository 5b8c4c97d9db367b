using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// Aggregate: the batch results → Core's <see cref="RunAggregator"/> (grades, movement versus the previous run over the
/// same markets) → <see cref="RunExporter"/> (each export file streamed to S3 as soon as it is built; a failed export
/// makes the run PARTIAL with the file named, never FAILED) → the run record's final status.
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
        var written = await RunExporter.ExportAsync(host.Exports, host.AgentsIndex, record.RunId, plan, aggregate, ExportOptions.Default, cancellationToken);
        var status = written.StatusAfter(aggregate.Status);

        await host.Runs.FinishAsync(
            record.RunId,
            new RunOutcome(status, host.Time.GetUtcNow(), aggregate.TierCounts, written.Written, written.Error, aggregate.Warnings, aggregate.Comparison),
            cancellationToken);
        return new RunFinished(record.RunId, status.ToString().ToUpperInvariant());
    }
}

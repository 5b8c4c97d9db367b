using PropGrade.Aws.Storage;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// Prepare: QUEUED → RUNNING (conditional: a run starts once), the API's today, discovery (the markets' outcomes on the
/// record: a market that cannot be discovered is reported there and leaves the run PARTIAL, it does not fail the run),
/// <c>items.json</c> (each discovered agent with its <c>/agents/list</c> entry, so ProfileStage makes no call for it).
/// </summary>
internal sealed class Preparer(FunctionHost host)
{
    public async Task<PreparedRun> PrepareAsync(LaunchInput input, CancellationToken cancellationToken)
    {
        var runId = S3Keys.RunIdOfRequestKey(input.RequestKey)
            ?? throw new ArgumentException($"Not a run request key: '{input.RequestKey}'.");
        var record = await host.Runs.GetAsync(runId, cancellationToken)
            ?? throw new KeyNotFoundException($"Run '{runId}' has no record.");
        if (!await host.Runs.TryStartAsync(runId, [RunStatus.Queued], host.Time.GetUtcNow(), cancellationToken))
        {
            throw new RunAlreadyStartedException(runId);
        }

        var apiToday = record.ApiToday ?? host.Settings.ApiToday ?? DateOnly.FromDateTime(host.Time.GetUtcNow().UtcDateTime);
        await host.Runs.SetApiTodayAsync(runId, apiToday, cancellationToken);
        var discovery = await new DiscoveryService(host.ListingSource, host.RawStore).DiscoverAsync(runId, record.Request, cancellationToken);
        if (record.Request.Roster is null)
        {
            await host.Runs.RecordMarketsAsync(runId, discovery.Markets, cancellationToken);
        }

        await host.Workspace.SaveItemsAsync(runId, discovery.Items, cancellationToken);
        await host.Runs.AddCountersAsync(runId, new RunCounters(AgentsDiscovered: discovery.Items.Count, ApiCalls: discovery.Calls), cancellationToken);
        return new PreparedRun(runId, S3Keys.Items(runId), discovery.Items.Count);
    }
}

using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// <c>DiscoverMarket</c> (a discovery Map child, looping on its output): renews the run's API-key lock, then one
/// time-budgeted slice of the market through a client paced at the child's rate; the slice is saved as it was read.
/// </summary>
internal sealed class MarketWorker(FunctionHost host)
{
    public async Task<SliceStep> DiscoverAsync(DiscoveryTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var started = host.Time.GetTimestamp();
        await host.Lifecycle.ContinueAsync(task.RunId, cancellationToken);
        var client = host.Client(task.Rate);
        var wire = new WireMeter(client.Metrics);
        var slice = await host.Lifecycle.DiscoverMarketAsync(task.RunId, task.Market, client, host.RawStore, host.Settings.Budget, host.Settings.HardStop, cancellationToken);
        await host.Runs.AddCountersAsync(task.RunId, wire.Counters, cancellationToken);
        host.Metrics.Write("DiscoverMarket", task.RunId, new Dictionary<string, long>
        {
            ["ApiCalls"] = wire.Requests,
            ["Throttled"] = wire.Throttled,
            ["Retries"] = wire.Retries,
            ["Pages"] = slice.Pages.Count,
        }, new Dictionary<string, double> { ["InvocationTime"] = host.Time.GetElapsedTime(started).TotalMilliseconds });
        return new SliceStep(slice.Done, slice.NextOffset, slice.Pages.Count, slice.Calls);
    }
}

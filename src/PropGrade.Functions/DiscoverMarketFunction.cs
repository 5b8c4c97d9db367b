using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>DiscoverMarket</c> (discovery Map child): one time-budgeted slice of a market; the item processor loops until the market is done.</summary>
public sealed class DiscoverMarketFunction
{
    private readonly FunctionHost host;
    private readonly MarketWorker worker;

    public DiscoverMarketFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal DiscoverMarketFunction(FunctionHost host)
    {
        this.host = host ?? throw new ArgumentNullException(nameof(host));
        worker = new MarketWorker(host);
    }

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input,
        FunctionsJsonContext.Default.DiscoveryTask,
        FunctionsJsonContext.Default.SliceStep,
        worker.DiscoverAsync,
        host.Logger(FunctionLog.Category),
        "DiscoverMarket",
        i => i.RunId);
}

using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>FinishDiscovery</c>: the agents Map's <c>items.json</c>, the markets' reports, and how many workers grade at what rate.</summary>
public sealed class FinishDiscoveryFunction
{
    private readonly FunctionHost host;
    private readonly DiscoveryFinisher finisher;

    public FinishDiscoveryFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal FinishDiscoveryFunction(FunctionHost host)
    {
        this.host = host ?? throw new ArgumentNullException(nameof(host));
        finisher = new DiscoveryFinisher(host);
    }

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input,
        FunctionsJsonContext.Default.RunRef,
        FunctionsJsonContext.Default.DiscoveredRun,
        finisher.FinishAsync,
        host.Logger(FunctionLog.Category),
        "FinishDiscovery",
        i => i.RunId);
}

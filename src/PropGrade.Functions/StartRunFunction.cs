using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>StartRun</c>: start the run once (its API key's lock taken), write the discovery Map's markets and pacing.</summary>
public sealed class StartRunFunction
{
    private readonly FunctionHost host;
    private readonly RunStarter starter;

    public StartRunFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal StartRunFunction(FunctionHost host)
    {
        this.host = host ?? throw new ArgumentNullException(nameof(host));
        starter = new RunStarter(host);
    }

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input,
        FunctionsJsonContext.Default.LaunchInput,
        FunctionsJsonContext.Default.StartedRun,
        starter.StartAsync,
        host.Logger(FunctionLog.Category),
        "StartRun",
        i => RunStarter.RunIdOf(i));
}

using PropGrade.Functions.Hosting;
using PropGrade.Functions.Workflow;

namespace PropGrade.Functions;

/// <summary>State <c>Prepare</c>: start the run (once), discover its agents, write the Map's <c>items.json</c>.</summary>
public sealed class PrepareFunction
{
    private readonly Preparer preparer;

    public PrepareFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal PrepareFunction(FunctionHost host) => preparer = new Preparer(host);

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input, FunctionsJsonContext.Default.LaunchInput, FunctionsJsonContext.Default.PreparedRun, preparer.PrepareAsync);
}

using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions;

/// <summary>
/// The quarterly rule's target: launches the default run on a rolling twelve-month window
/// (<see cref="RunDefaults.CreateScheduledRequest"/>) the same way <c>POST /runs</c> does, so each quarter's run grades
/// the twelve months before the API's today when it starts.
/// </summary>
public sealed class ScheduledRunFunction
{
    private readonly FunctionHost host;

    public ScheduledRunFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal ScheduledRunFunction(FunctionHost host) => this.host = host;

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input, FunctionsJsonContext.Default.ScheduledEvent, FunctionsJsonContext.Default.RunFinished, LaunchAsync);

    private async Task<RunFinished> LaunchAsync(ScheduledEvent scheduled, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime((scheduled.Time ?? host.Time.GetUtcNow()).UtcDateTime);
        var request = new RunDefaults(today, host.Settings.DefaultMarkets).CreateScheduledRequest();
        var runId = await host.Launcher.LaunchAsync(request, RunTrigger.Schedule, cancellationToken);
        return new RunFinished(runId, "QUEUED");
    }
}

using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions;

/// <summary>
/// The quarterly rule's target: launches the default run on a rolling twelve-month window
/// (<see cref="RunDefaults.CreateScheduledRequest"/>) the same way <c>POST /runs</c> does, under an id derived from
/// the event's time (<see cref="RunIds.ForSchedule"/>), so a duplicated event starts nothing twice. While another run
/// holds the API key the launch is refused: the invocation fails, Lambda retries it twice, then the event lands in the
/// dead-letter queue (its alarm fires) — launch it again from the page once the key is free.
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
        input,
        FunctionsJsonContext.Default.ScheduledEvent,
        FunctionsJsonContext.Default.RunFinished,
        LaunchAsync,
        host.Logger(FunctionLog.Category),
        "ScheduledRun",
        e => RunIds.ForSchedule(e.Time ?? host.Time.GetUtcNow()));

    private async Task<RunFinished> LaunchAsync(ScheduledEvent scheduled, CancellationToken cancellationToken)
    {
        var firedAt = scheduled.Time ?? host.Time.GetUtcNow();
        var request = new RunDefaults(DateOnly.FromDateTime(firedAt.UtcDateTime), host.Settings.DefaultMarkets).CreateScheduledRequest();
        var runId = await host.Launcher.LaunchAsync(request, RunTrigger.Schedule, RunIds.ForSchedule(firedAt), cancellationToken);
        var record = await host.Runs.GetAsync(runId, cancellationToken);
        return new RunFinished(runId, DynamoStatus(record?.Status ?? RunStatus.Queued));
    }

    private static string DynamoStatus(RunStatus status) => status.ToString().ToUpperInvariant();
}

using System.Text.Json;
using PropGrade.Aws.Storage;
using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// <c>StartRun</c>: the lifecycle's start (QUEUED → RUNNING, the API key's lock, the API's today; a repeated launch throws
/// <see cref="RunAlreadyStartedException"/>, a launch while another run holds the key is REJECTED and throws
/// <see cref="ApiKeyLockedException"/>), then the discovery Map's <c>markets.json</c> and its pacing.
/// </summary>
internal sealed class RunStarter(FunctionHost host)
{
    public async Task<StartedRun> StartAsync(LaunchInput input, CancellationToken cancellationToken)
    {
        var runId = RunIdOf(input) ?? throw new ArgumentException($"Not a run request key: '{input.RequestKey}'.");
        var apiToday = host.Settings.ApiToday ?? DateOnly.FromDateTime(host.Time.GetUtcNow().UtcDateTime);
        var start = await host.Lifecycle.StartAsync(runId, new RunStartOptions(RunStartOptions.Launch, apiToday, RejectWhenLocked: true), cancellationToken);
        var marketsKey = S3Keys.Markets(runId);
        await new S3ObjectClient(host.S3, host.Settings.WorkBucket).PutAsync(
            marketsKey, JsonSerializer.SerializeToUtf8Bytes(start.Markets, FunctionsJsonContext.Default.IReadOnlyListString), "application/json", cancellationToken);
        var plan = WorkerPlan.ForDiscovery(host.Settings.RequestsPerSecond, WorkerPlan.AssumedLatency, start.Markets.Count, host.Settings.MaxWorkers);
        return new StartedRun(runId, marketsKey, start.Markets.Count, plan.Workers, plan.RatePerWorker);
    }

    public static string? RunIdOf(LaunchInput input) => input?.RequestKey is { } key ? S3Keys.RunIdOfRequestKey(key) : null;
}

using PropGrade.Aws.Storage;
using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>The run-level Catch: marks the run FAILED with the error's name and cause.</summary>
internal sealed class RunFailureRecorder(FunctionHost host)
{
    private const int MaxCauseLength = 500;

    public async Task<RunFinished> RecordAsync(FailureInput input, CancellationToken cancellationToken)
    {
        var runId = input.RunId
            ?? (input.RequestKey is { } key ? S3Keys.RunIdOfRequestKey(key) : null)
            ?? throw new ArgumentException("The failed execution names no run.");
        var cause = input.Error?.Cause is { Length: > 0 } c ? ": " + (c.Length > MaxCauseLength ? c[..MaxCauseLength] : c) : "";
        var error = (input.Error?.Error ?? "Unknown") + cause;
        await host.Runs.FinishAsync(runId, new RunOutcome(RunStatus.Failed, host.Time.GetUtcNow(), new Dictionary<string, int>(), [], error), cancellationToken);
        return new RunFinished(runId, "FAILED");
    }
}

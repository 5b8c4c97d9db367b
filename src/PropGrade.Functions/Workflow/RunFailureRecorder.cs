using PropGrade.Aws.Storage;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary><c>MarkRunFailed</c> (StartRun's Catch): the run ends FAILED with the error's name and cause, unless it already ended; the key's lock is released.</summary>
internal sealed class RunFailureRecorder(FunctionHost host)
{
    private const int MaxCauseLength = 500;

    public async Task<RunFinished> RecordAsync(FailureInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runId = RunIdOf(input) ?? throw new ArgumentException("The failed execution names no run.");
        var cause = input.Error?.Cause is { Length: > 0 } c ? ": " + (c.Length > MaxCauseLength ? c[..MaxCauseLength] : c) : "";
        var marked = await host.Lifecycle.FailIfActiveAsync(runId, (input.Error?.Error ?? "Unknown") + cause, cancellationToken);
        var record = marked ? null : await host.Runs.GetAsync(runId, cancellationToken);
        return new RunFinished(runId, marked ? "FAILED" : record?.Status.ToString().ToUpperInvariant() ?? "UNKNOWN");
    }

    public static string? RunIdOf(FailureInput input) =>
        input?.RunId ?? (input?.RequestKey is { } key ? S3Keys.RunIdOfRequestKey(key) : null);
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using PropGrade.Aws.Storage;
using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// The run-ended rule's handler. An execution of the grading machine FAILED, TIMED_OUT or was ABORTED: the lifecycle
/// marks its run FAILED with the reason — unless the record already reached a final status (the workflow's own
/// <c>MarkRunFailed</c> got there first with the real error, or the run finished) — and, either way, releases the run's
/// API-key lock and resets its breaker streak (so a redrive starts clean). A redriven execution (status RUNNING with
/// <c>redriveCount</c> ≥ 1): the lifecycle reopens the run (FAILED → RUNNING, the key's lock taken again). A timed-out or
/// aborted execution runs no state at all, so without this its run would stay RUNNING and its key locked.
/// </summary>
/// <remarks>
/// Idempotent: the FAILED write is one conditional update (status QUEUED or RUNNING), so a repeated or concurrent event
/// changes nothing, and an <c>Aggregate</c> that finishes while the execution is being stopped is never overwritten. The
/// run is found from the execution's input, <c>{"requestKey":"runs/{runId}/request.json"}</c>.
/// </remarks>
internal sealed class ExecutionStatusRecorder(RunLifecycle lifecycle, IRunStore runs, ILogger logger)
{
    public const string MarkedFailed = "marked_failed";
    public const string AlreadyFinal = "already_final";
    public const string NoRecord = "no_record";
    public const string Ignored = "ignored";
    public const string Reopened = "reopened";
    public const string NotReopened = "not_failed";

    /// <summary>The execution statuses that end a run (the run-ended rule matches exactly these).</summary>
    public static readonly IReadOnlyList<string> EndedUnsuccessfully = ["FAILED", "TIMED_OUT", "ABORTED"];

    /// <summary>A redriven execution reports this status, with <c>redriveCount</c> ≥ 1.</summary>
    public const string Running = "RUNNING";

    private const int MaxReasonLength = 1000;

    public async Task<ExecutionStatusResult> RecordAsync(ExecutionStatusEvent statusEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statusEvent);
        var detail = statusEvent.Detail ?? throw new ArgumentException("The event has no detail.");
        var redriven = detail.Status == Running && detail.RedriveCount >= 1;
        if (detail.Status is null || (!EndedUnsuccessfully.Contains(detail.Status) && !redriven))
        {
            FunctionLog.ExecutionEnded(logger, detail.ExecutionArn, detail.Status, Ignored, null);
            return new ExecutionStatusResult(null, Ignored, null);
        }

        var runId = RunIdOf(detail);
        if (runId is null)
        {
            var error = new ExecutionNotARunException(detail.ExecutionArn, detail.InputDetails?.Included != false);
            FunctionLog.ExecutionNotARun(logger, detail.ExecutionArn, detail.Status, error.Message, error);
            throw error;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["runId"] = runId, ["execution"] = detail.ExecutionArn });
        string outcome;
        if (redriven)
        {
            outcome = await lifecycle.ReopenAsync(runId, cancellationToken) ? Reopened : NotReopened;
        }
        else if (await lifecycle.FailIfActiveAsync(runId, Reason(detail), cancellationToken))
        {
            outcome = MarkedFailed;
        }
        else
        {
            outcome = await runs.GetAsync(runId, cancellationToken) is null ? NoRecord : AlreadyFinal;
        }

        var status = (await runs.GetAsync(runId, cancellationToken))?.Status.ToString().ToUpperInvariant();
        FunctionLog.ExecutionEnded(logger, detail.ExecutionArn, detail.Status, outcome, status);
        return new ExecutionStatusResult(runId, outcome, status);
    }

    /// <summary>The run of the execution: its input's request key, <c>runs/{runId}/request.json</c>; null for any other input.</summary>
    internal static string? RunIdOf(ExecutionStatusDetail detail)
    {
        if (string.IsNullOrEmpty(detail.Input))
        {
            return null;
        }

        try
        {
            var launch = JsonSerializer.Deserialize(detail.Input, FunctionsJsonContext.Default.LaunchInput);
            return launch?.RequestKey is { } key ? S3Keys.RunIdOfRequestKey(key) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>execution TIMED_OUT (name)</c>, plus <c>: error: cause</c> when the event has them; at most 1,000 characters.</summary>
    internal static string Reason(ExecutionStatusDetail detail)
    {
        var reason = $"execution {detail.Status}";
        if (!string.IsNullOrEmpty(detail.Name))
        {
            reason += $" ({detail.Name})";
        }

        if (!string.IsNullOrEmpty(detail.Error))
        {
            reason += ": " + detail.Error;
        }

        if (!string.IsNullOrEmpty(detail.Cause))
        {
            reason += ": " + detail.Cause;
        }

        return reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason;
    }
}

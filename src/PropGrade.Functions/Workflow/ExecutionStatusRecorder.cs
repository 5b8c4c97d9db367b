using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using PropGrade.Aws.Storage;
using PropGrade.Core.Runs;
using PropGrade.Functions.Messages;

namespace PropGrade.Functions.Workflow;

/// <summary>
/// The run-ended rule's handler: an execution of the grading machine FAILED, TIMED_OUT or was ABORTED, so its run
/// is marked FAILED with the reason — unless the record already reached a final status (the workflow's own
/// <c>MarkRunFailed</c> got there first with the real error, or the run finished). A timed-out or aborted execution
/// runs no state at all, so without this its run would stay RUNNING forever.
/// </summary>
/// <remarks>
/// Idempotent: the write is one conditional update (<c>status IN (QUEUED, RUNNING)</c>), so a repeated or concurrent
/// event changes nothing, and an <c>Aggregate</c> that finishes while the execution is being stopped is never
/// overwritten. The run is found from the execution's input, <c>{"requestKey":"runs/{runId}/request.json"}</c>.
/// Attribute names and status texts are <see cref="Aws.Runs.DynamoRunStore"/>'s (its port has no conditional
/// finish yet; the tests read the result back through the store).
/// </remarks>
internal sealed class ExecutionStatusRecorder(
    IAmazonDynamoDB dynamo,
    string tableName,
    IRunStore runs,
    TimeProvider time,
    IApiKeyLockRelease apiKeyLock,
    TextWriter log)
{
    public const string MarkedFailed = "marked_failed";
    public const string AlreadyFinal = "already_final";
    public const string NoRecord = "no_record";
    public const string Ignored = "ignored";

    /// <summary>The execution statuses this handler acts on (the rule matches exactly these).</summary>
    public static readonly IReadOnlyList<string> EndedUnsuccessfully = ["FAILED", "TIMED_OUT", "ABORTED"];

    private const int MaxReasonLength = 1000;

    public async Task<ExecutionStatusResult> RecordAsync(ExecutionStatusEvent statusEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statusEvent);
        var detail = statusEvent.Detail ?? throw new ArgumentException("The event has no detail.");
        if (detail.Status is null || !EndedUnsuccessfully.Contains(detail.Status))
        {
            Log(statusEvent, detail, null, Ignored, null, null);
            return new ExecutionStatusResult(null, Ignored, null);
        }

        var runId = RunIdOf(detail);
        if (runId is null)
        {
            var error = new ExecutionNotARunException(detail.ExecutionArn, detail.InputDetails?.Included != false);
            Log(statusEvent, detail, null, "error", null, error);
            throw error;
        }

        var reason = Reason(detail);
        string outcome;
        string? status;
        if (await TryMarkFailedAsync(runId, reason, cancellationToken))
        {
            (outcome, status) = (MarkedFailed, "FAILED");
        }
        else
        {
            var record = await runs.GetAsync(runId, cancellationToken);
            (outcome, status) = record is null ? (NoRecord, null) : (AlreadyFinal, record.Status.ToString().ToUpperInvariant());
        }

        // Every unsuccessful end releases the run's API-key lock, whatever the record said (issue 10, item 4).
        await apiKeyLock.ReleaseAsync(runId, cancellationToken);
        Log(statusEvent, detail, runId, outcome, status, null);
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

    private async Task<bool> TryMarkFailedAsync(string runId, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = new Dictionary<string, AttributeValue> { ["runId"] = new() { S = runId } },
                UpdateExpression = "SET #status = :failed, finishedAt = :finishedAt, #error = :error",
                ConditionExpression = "attribute_exists(runId) AND #status IN (:queued, :running)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status", ["#error"] = "error" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":failed"] = new() { S = "FAILED" },
                    [":queued"] = new() { S = "QUEUED" },
                    [":running"] = new() { S = "RUNNING" },
                    [":finishedAt"] = new() { S = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) },
                    [":error"] = new() { S = reason },
                },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>One JSON line per event: the execution, the run, what was done (and the exception when it failed).</summary>
    private void Log(ExecutionStatusEvent statusEvent, ExecutionStatusDetail detail, string? runId, string outcome, string? runStatus, Exception? error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("level", error is null ? "Information" : "Error");
            json.WriteString("message", error?.Message ?? $"run-ended event: {outcome}");
            json.WriteString("source", "ExecutionStatus");
            json.WriteString("eventId", statusEvent.Id);
            json.WriteString("execution", detail.ExecutionArn);
            json.WriteString("executionStatus", detail.Status);
            json.WriteString("runId", runId);
            json.WriteString("outcome", outcome);
            json.WriteString("runStatus", runStatus);
            if (error is not null)
            {
                json.WriteString("exception", error.ToString());
            }

            json.WriteEndObject();
        }

        log.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}

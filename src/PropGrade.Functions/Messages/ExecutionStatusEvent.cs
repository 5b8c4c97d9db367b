using System.Text.Json.Serialization;

namespace PropGrade.Functions.Messages;

/// <summary>
/// EventBridge's "Step Functions Execution Status Change" event (source <c>aws.states</c>). Only <see cref="Detail"/>
/// is read; the envelope's fields are kept for the log line.
/// </summary>
public sealed record ExecutionStatusEvent(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("detail-type")] string? DetailType,
    [property: JsonPropertyName("time")] DateTimeOffset? Time,
    [property: JsonPropertyName("detail")] ExecutionStatusDetail? Detail);

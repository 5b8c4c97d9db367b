using System.Text.Json.Serialization;

namespace PropGrade.Functions.Messages;

/// <summary>The EventBridge scheduled event (only its id and time are read).</summary>
public sealed record ScheduledEvent(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("time")] DateTimeOffset? Time);

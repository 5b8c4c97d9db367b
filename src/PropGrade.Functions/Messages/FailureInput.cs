using System.Text.Json.Serialization;
using PropGrade.Core.Runs;

namespace PropGrade.Functions.Messages;

/// <summary>
/// The input of a failure handler: whatever the failed state had (a Map batch, the launch input or the started run) plus
/// the caught <see cref="Error"/>. Every field but the error is optional.
/// </summary>
public sealed record FailureInput(
    [property: JsonPropertyName("BatchInput")] MapBatchInput? BatchInput,
    [property: JsonPropertyName("Items")] IReadOnlyList<AgentWorkItem>? MapItems,
    string? RunId,
    string? RequestKey,
    StepError? Error);

using System.Text.Json.Serialization;
using PropGrade.Core.Runs;

namespace PropGrade.Functions.Messages;

/// <summary>
/// The input of a failure handler: whatever the failed state had (a Map batch, a batch envelope, the launch input or
/// the prepared run) plus the caught <see cref="Error"/>. Every field but the error is optional.
/// </summary>
public sealed record FailureInput(
    [property: JsonPropertyName("BatchInput")] MapBatchInput? BatchInput,
    [property: JsonPropertyName("Items")] IReadOnlyList<AgentWorkItem>? MapItems,
    string? RunId,
    string? RequestKey,
    string? BatchKey,
    IReadOnlyList<AgentWorkItem>? Items,
    Core.Stages.StageBatch? Batch,
    string? StateKey,
    StepError? Error);

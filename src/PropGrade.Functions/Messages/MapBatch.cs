using System.Text.Json.Serialization;
using PropGrade.Core.Runs;

namespace PropGrade.Functions.Messages;

/// <summary>What the Distributed Map's ItemBatcher hands a child execution: <c>{"BatchInput":{"runId"},"Items":[…]}</c>.</summary>
public sealed record MapBatch(
    [property: JsonPropertyName("BatchInput")] MapBatchInput BatchInput,
    [property: JsonPropertyName("Items")] IReadOnlyList<AgentWorkItem> Items);

using System.Text.Json.Serialization;

namespace PropGrade.AgentIndex;

/// <summary>Source-generated JSON for the index's own metadata (the tier names).</summary>
[JsonSerializable(typeof(List<string>))]
internal sealed partial class AgentIndexJsonContext : JsonSerializerContext;

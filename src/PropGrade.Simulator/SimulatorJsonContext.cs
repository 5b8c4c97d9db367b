using System.Text.Json.Serialization;
using PropGrade.Simulator.Truth;

namespace PropGrade.Simulator;

/// <summary>The project's one source-generated JSON context (inputs; responses are written with Utf8JsonWriter).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(List<TierInput>))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;

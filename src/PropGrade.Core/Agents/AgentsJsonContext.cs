using System.Text.Json;
using System.Text.Json.Serialization;
using PropGrade.Core.Exports;

namespace PropGrade.Core.Agents;

/// <summary>Source-generated JSON of a graded row as an agents index stores it (camelCase, the API's row shape).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GradedRow))]
public sealed partial class AgentsJsonContext : JsonSerializerContext;

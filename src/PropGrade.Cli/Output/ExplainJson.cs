using System.Text.Json.Serialization;
using PropGrade.Core.Explain;

namespace PropGrade.Cli.Output;

/// <summary>An explanation as indented JSON, in the API's camelCase shape.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(AgentExplanation))]
internal sealed partial class ExplainJson : JsonSerializerContext
{
    public static ExplainJson Indented => Default;
}

using System.Text.Json.Serialization;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Aws.Serialization;

/// <summary>The JSON shapes this project writes to S3 and DynamoDB (camelCase, source generated).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RunRequest))]
[JsonSerializable(typeof(AgentWorkItem))]
[JsonSerializable(typeof(IReadOnlyList<AgentWorkItem>))]
[JsonSerializable(typeof(List<AgentWorkItem>))]
[JsonSerializable(typeof(IReadOnlyList<AgentResult>))]
[JsonSerializable(typeof(List<AgentResult>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, int>))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(IReadOnlyList<MarketReport>))]
[JsonSerializable(typeof(IReadOnlyList<RunWarning>))]
[JsonSerializable(typeof(RunComparison))]
[JsonSerializable(typeof(SecretValueResponse))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;

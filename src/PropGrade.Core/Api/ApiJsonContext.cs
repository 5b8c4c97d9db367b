using System.Text.Json.Serialization;
using PropGrade.Core.Agents;
using PropGrade.Core.Estimates;
using PropGrade.Core.Explain;

namespace PropGrade.Core.Api;

/// <summary>Source-generated JSON for every runs-API body (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ApiErrorBody))]
[JsonSerializable(typeof(RunRecordDto))]
[JsonSerializable(typeof(RunListDto))]
[JsonSerializable(typeof(ExportListDto))]
[JsonSerializable(typeof(LaunchedDto))]
[JsonSerializable(typeof(RunConflictDto))]
[JsonSerializable(typeof(RunRequestDto))]
[JsonSerializable(typeof(RunLimitsDto))]
[JsonSerializable(typeof(Dictionary<string, MarketPlaceDto>))]
[JsonSerializable(typeof(AgentRowsDto))]
[JsonSerializable(typeof(RunBreakdown))]
[JsonSerializable(typeof(AgentExplanation))]
[JsonSerializable(typeof(RunEstimate))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

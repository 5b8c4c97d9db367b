using System.Text.Json.Serialization;

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
internal sealed partial class ApiJsonContext : JsonSerializerContext;

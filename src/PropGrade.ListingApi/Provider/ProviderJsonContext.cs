using System.Text.Json.Serialization;

namespace PropGrade.ListingApi.Provider;

/// <summary>Source-generated JSON for the provider's shapes. Ids may arrive as strings, so numbers are read from strings too.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(AgentListResponseDto))]
[JsonSerializable(typeof(AgentProfileResponseDto))]
[JsonSerializable(typeof(ListingsResponseDto))]
[JsonSerializable(typeof(ProviderMessageDto))]
internal sealed partial class ProviderJsonContext : JsonSerializerContext;

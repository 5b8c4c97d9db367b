using System.Text.Json.Serialization;

namespace PropGrade.ListingApi.Replay;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ReplayIndexMeta))]
internal sealed partial class ReplayJsonContext : JsonSerializerContext;

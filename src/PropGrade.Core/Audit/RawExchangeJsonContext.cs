using System.Text.Json.Serialization;

namespace PropGrade.Core.Audit;

/// <summary>Source-generated JSON for the raw audit format (one <see cref="RawExchange"/> per line, body as base64) and its manifest lines.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RawExchange))]
[JsonSerializable(typeof(RawCommitMarker))]
[JsonSerializable(typeof(RawManifestEntry))]
internal sealed partial class RawExchangeJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace PropGrade.ListingApi.Probe;

/// <summary>Source-generated JSON for the probe's report (<c>report.json</c>, <c>--json</c>).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true)]
[JsonSerializable(typeof(ProbeReport))]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;

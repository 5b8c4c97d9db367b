using System.Text.Json.Serialization;

namespace PropGrade.Core.Api;

/// <summary>A tier on the wire; an absent criterion is omitted.</summary>
internal sealed record TierDto(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? MinVolume,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? MinSides);

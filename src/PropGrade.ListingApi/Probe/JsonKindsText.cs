using System.Text.Json;

namespace PropGrade.ListingApi.Probe;

/// <summary>Names of <see cref="JsonKinds"/> and the kind of a <see cref="JsonElement"/>.</summary>
internal static class JsonKindsText
{
    private static readonly (JsonKinds Kind, string Name)[] Names =
    [
        (JsonKinds.Object, "object"),
        (JsonKinds.Array, "array"),
        (JsonKinds.String, "string"),
        (JsonKinds.Number, "number"),
        (JsonKinds.Bool, "bool"),
        (JsonKinds.Null, "null"),
    ];

    public static JsonKinds KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonKinds.Object,
        JsonValueKind.Array => JsonKinds.Array,
        JsonValueKind.String => JsonKinds.String,
        JsonValueKind.Number => JsonKinds.Number,
        JsonValueKind.True or JsonValueKind.False => JsonKinds.Bool,
        _ => JsonKinds.Null,
    };

    /// <summary>E.g. <c>number|null</c>.</summary>
    public static string Describe(JsonKinds kinds) =>
        kinds == JsonKinds.None ? "nothing" : string.Join('|', Names.Where(n => kinds.HasFlag(n.Kind)).Select(n => n.Name));
}

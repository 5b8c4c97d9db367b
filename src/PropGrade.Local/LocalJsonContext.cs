using System.Text.Json.Serialization;

namespace PropGrade.Local;

/// <summary>Source-generated JSON for the local adapters' own documents (SQLite columns).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyDictionary<string, int>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class LocalJsonContext : JsonSerializerContext
{
}

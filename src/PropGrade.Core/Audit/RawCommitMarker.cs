using System.Text.Json.Serialization;

namespace PropGrade.Core.Audit;

/// <summary>
/// The last line of every committed group: <c>{"$commit":"groupKey","count":N}</c>. A reader keeps a group's
/// records only when this line follows them, so a torn (crashed) last group is skipped, never half-read.
/// </summary>
internal sealed record RawCommitMarker(
    [property: JsonPropertyName("$commit")] string Commit,
    [property: JsonPropertyName("count")] int Count);

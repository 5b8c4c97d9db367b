using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>
/// Whether a request body is a readable JSON document before any field is read (<see cref="JsonTextCheck"/>: UTF-8
/// text, well-formed JSON with line and column when it is not, and no string escaping a lone UTF-16 surrogate, named by
/// its field). A body that fails is answered 400 with these errors, never 500.
/// </summary>
internal static class JsonBodyCheck
{
    /// <summary>Nesting deeper than this is refused (a run request nests three levels).</summary>
    public const int MaxDepth = JsonTextCheck.MaxDepth;

    /// <summary>The problems, or none when the body can be read (an empty body is left to the validator).</summary>
    public static IReadOnlyList<ApiFieldError> Problems(ReadOnlySpan<byte> body) =>
        body.IsEmpty ? [] : [.. JsonTextCheck.Check(body).Select(e => new ApiFieldError(e.Field, e.Message))];
}

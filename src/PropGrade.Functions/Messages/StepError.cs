using System.Text.Json.Serialization;

namespace PropGrade.Functions.Messages;

/// <summary>What a Catch puts at <c>$.error</c>: the error name (the exception's short type name) and its cause.</summary>
public sealed record StepError(
    [property: JsonPropertyName("Error")] string Error,
    [property: JsonPropertyName("Cause")] string? Cause);

namespace PropGrade.Core.Runs;

/// <summary>A run request broke the rules; <see cref="Errors"/> names every problem by field. Nothing was started.</summary>
public sealed class RunRequestInvalidException(IReadOnlyList<FieldError> errors)
    : Exception("The run request is invalid: " + string.Join("; ", errors?.Select(e => $"{e.Field}: {e.Message}") ?? []))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];
}

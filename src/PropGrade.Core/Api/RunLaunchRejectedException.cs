namespace PropGrade.Core.Api;

/// <summary>
/// Thrown by an <see cref="IRunLauncher"/> that refuses a request the API's validator accepted (e.g. the runtime's
/// own check against its "today"). The API answers 400 with <see cref="Errors"/>; nothing is started.
/// </summary>
public sealed class RunLaunchRejectedException(IReadOnlyList<ApiFieldError> errors)
    : Exception("The run request was rejected: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<ApiFieldError> Errors { get; } = errors;
}

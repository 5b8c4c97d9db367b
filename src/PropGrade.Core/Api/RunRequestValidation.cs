using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>Either a valid <see cref="Request"/> and no errors, or every problem found, by field.</summary>
public sealed record RunRequestValidation(RunRequest? Request, IReadOnlyList<ApiFieldError> Errors)
{
    public bool IsValid => Request is not null && Errors.Count == 0;
}

namespace PropGrade.Core.Runs;

/// <summary>Either a valid <see cref="Request"/> (and no errors) or every problem found, by field.</summary>
public sealed record RunRequestParseResult(RunRequest? Request, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Request is not null && Errors.Count == 0;
}

namespace PropGrade.Core.Api;

/// <summary>A run that cannot be resumed here: the runs API answers 409 with <see cref="Field"/> and the message.</summary>
/// <param name="field">What conflicts: <c>source</c> (created against another listing source), <c>status</c>, <c>runId</c>.</param>
/// <param name="message">Why, naming both sources for a source conflict.</param>
public sealed class RunResumeConflictException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

namespace PropGrade.Core.Api;

/// <summary>The body of every 4xx/5xx answer: all problems at once.</summary>
public sealed record ApiErrorBody(IReadOnlyList<ApiFieldError> Errors);

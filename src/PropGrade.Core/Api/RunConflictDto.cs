namespace PropGrade.Core.Api;

/// <summary><c>409</c> answer of <c>POST /runs</c>: why, and the run that holds the API key.</summary>
internal sealed record RunConflictDto(IReadOnlyList<ApiFieldError> Errors, string? HolderRunId);

namespace PropGrade.Core.Runs;

/// <summary>
/// Something a run's user should know that did not stop it (the run record's <c>warnings</c>): <c>code</c> is one of
/// <see cref="RunWarningCodes"/>, <c>message</c> says what happened and what it means, in words.
/// </summary>
public sealed record RunWarning(string Code, string Message);

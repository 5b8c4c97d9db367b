namespace PropGrade.Core.Api;

/// <summary><c>202</c> answer of <c>POST /runs</c>.</summary>
internal sealed record LaunchedDto(string RunId);

namespace PropGrade.Functions.Messages;

/// <summary>The execution input the launch rule sends: the S3 key of <c>runs/{runId}/request.json</c>. No secret, ever.</summary>
public sealed record LaunchInput(string RequestKey);

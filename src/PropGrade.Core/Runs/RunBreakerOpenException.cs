namespace PropGrade.Core.Runs;

/// <summary>
/// Too many agents in a row failed on the API (a storm of 429s or 5xx): the run stops, FAILED and resumable (locally
/// <c>run --resume</c>, on AWS a redrive). Thrown by the worker that saw the streak reach the threshold; on AWS it
/// leaves the Lambda under this short name, which the state machine treats as run-stopping.
/// </summary>
public sealed class RunBreakerOpenException(int failures, string message)
    : Exception($"Run breaker opened: {message}")
{
    public int Failures { get; } = failures;
}

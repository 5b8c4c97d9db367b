namespace PropGrade.Local.Orchestration;

/// <summary>Too many agents in a row failed on the API: the run stops (FAILED, and can be resumed).</summary>
public sealed class RunBreakerOpenException(int failures, string message)
    : Exception($"Run breaker opened: {message}")
{
    public int Failures { get; } = failures;
}

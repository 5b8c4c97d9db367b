namespace PropGrade.Local.Orchestration;

/// <summary>Too many agents in a row failed on the API: the run stops (and can be resumed).</summary>
public sealed class RunBreakerOpenException(int failures, string lastReason)
    : Exception($"Run breaker opened: {failures} agents in a row could not be read (last reason: {lastReason}). Resume the run once the API recovers.")
{
    public int Failures { get; } = failures;

    public string LastReason { get; } = lastReason;
}

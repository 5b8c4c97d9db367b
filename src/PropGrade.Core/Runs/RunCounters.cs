namespace PropGrade.Core.Runs;

/// <summary>
/// Live progress figures of a run. Stores apply these as atomic increments (DynamoDB <c>ADD</c>,
/// SQLite <c>x = x + ?</c>), so parallel workers never overwrite each other.
/// </summary>
public sealed record RunCounters(
    int AgentsDiscovered = 0,
    int AgentsProfiled = 0,
    int AgentsDone = 0,
    int AgentsIncomplete = 0,
    int AgentsSkipped = 0,
    long ApiCalls = 0,
    long Throttled = 0,
    long Retries = 0)
{
    public static RunCounters Zero { get; } = new();

    public RunCounters Add(RunCounters other) => new(
        AgentsDiscovered + other.AgentsDiscovered,
        AgentsProfiled + other.AgentsProfiled,
        AgentsDone + other.AgentsDone,
        AgentsIncomplete + other.AgentsIncomplete,
        AgentsSkipped + other.AgentsSkipped,
        ApiCalls + other.ApiCalls,
        Throttled + other.Throttled,
        Retries + other.Retries);
}

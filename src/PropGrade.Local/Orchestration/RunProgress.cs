namespace PropGrade.Local.Orchestration;

/// <summary>A live progress snapshot of a run (the CLI's display, the web page's poll).</summary>
/// <param name="Phase">One of <see cref="RunPhases"/>.</param>
/// <param name="AgentsTotal">Agents to grade (known after discovery).</param>
/// <param name="AgentsDone">Agents graded so far, earlier sessions of a resumed run included.</param>
/// <param name="ApiCalls">Listing-API requests this session (retries included when the source reports them).</param>
/// <param name="Throttled">429 responses this session (when the source reports them).</param>
/// <param name="Eta">Estimated time left, once there is a rate to go by.</param>
public sealed record RunProgress(
    string RunId,
    string Phase,
    int AgentsTotal,
    int AgentsDone,
    int AgentsIncomplete,
    int AgentsSkipped,
    long ApiCalls,
    long Throttled,
    TimeSpan Elapsed,
    TimeSpan? Eta);

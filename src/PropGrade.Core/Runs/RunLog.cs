using Microsoft.Extensions.Logging;

namespace PropGrade.Core.Runs;

/// <summary>
/// The run lifecycle's log events (source generated). The run, batch and agent come from the scope the lifecycle opens
/// (<see cref="Scope"/>), so every line carries them; error events carry the exception (message and stack).
/// </summary>
internal static partial class RunLog
{
    /// <summary>A scope naming the run, and the batch and agent when there is one.</summary>
    public static IDisposable? Scope(ILogger logger, string runId, string? batch = null, string? agent = null)
    {
        var state = new Dictionary<string, object?> { ["runId"] = runId };
        if (batch is not null)
        {
            state["batch"] = batch;
        }

        if (agent is not null)
        {
            state["agent"] = agent;
        }

        return logger.BeginScope(state);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Run started from {From} (api today {ApiToday})")]
    public static partial void Started(ILogger logger, RunStatus from, DateOnly apiToday);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Run refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Run reopened for a redrive")]
    public static partial void Reopened(ILogger logger);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Market {Market} slice at offset {Offset}: {Pages} page(s), {Calls} call(s), next offset {NextOffset}")]
    public static partial void MarketSlice(ILogger logger, string market, int offset, int pages, int calls, int? nextOffset);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Discovery finished: {Agents} agent(s) in {Markets} market(s), {Calls} call(s), wire latency {LatencyMs:0} ms")]
    public static partial void Discovered(ILogger logger, int agents, int markets, int calls, double latencyMs);

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Checkpoint {Checkpoint}: {Finished} agent(s) saved ({Incomplete} incomplete), {Partial} stopped between pages")]
    public static partial void Checkpoint(ILogger logger, int checkpoint, int finished, int incomplete, int partial);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Agent ended incomplete: {Reason}")]
    public static partial void AgentIncomplete(ILogger logger, string reason);

    [LoggerMessage(EventId = 122, Level = LogLevel.Warning, Message = "Agent cut at the hard deadline; it restarts from its last saved state")]
    public static partial void AgentCut(ILogger logger);

    [LoggerMessage(EventId = 123, Level = LogLevel.Error, Message = "Agent stopped the run: {Reason}")]
    public static partial void AgentStoppedRun(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 124, Level = LogLevel.Error, Message = "Run breaker opened: {Reason}")]
    public static partial void BreakerOpened(ILogger logger, string reason);

    [LoggerMessage(EventId = 125, Level = LogLevel.Error, Message = "Batch invocation failed ({Failures} so far): {Error}")]
    public static partial void BatchFailed(ILogger logger, int failures, string error);

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "Run finished {Status}: {Agents} agent(s), exports {Exports}")]
    public static partial void Finished(ILogger logger, RunStatus status, int agents, string exports);

    [LoggerMessage(EventId = 131, Level = LogLevel.Error, Message = "Run failed: {Reason}")]
    public static partial void Failed(ILogger logger, string reason, Exception? exception);
}

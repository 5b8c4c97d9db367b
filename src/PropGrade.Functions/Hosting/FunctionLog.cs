using Microsoft.Extensions.Logging;

namespace PropGrade.Functions.Hosting;

/// <summary>The handlers' own log events (source generated); the run lifecycle's are in Core.</summary>
internal static partial class FunctionLog
{
    /// <summary>The category of the handlers' lines.</summary>
    public const string Category = "PropGrade.Functions";

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "State {State} failed with {Error}: {Detail}")]
    public static partial void StateFailed(ILogger logger, string state, string error, string detail, Exception exception);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Execution {Execution} ended {Status}: run {Outcome} ({RunStatus})")]
    public static partial void ExecutionEnded(ILogger logger, string? execution, string? status, string outcome, string? runStatus);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "Execution {Execution} ended {Status} but names no run: {Detail}")]
    public static partial void ExecutionNotARun(ILogger logger, string? execution, string? status, string detail, Exception exception);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Runs API request failed: {Detail}")]
    public static partial void ApiFailed(ILogger logger, string detail, Exception exception);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Invocation of {State} took {Milliseconds:0} ms (budget {BudgetMilliseconds:0} ms): {Summary}")]
    public static partial void Invocation(ILogger logger, string state, double milliseconds, double budgetMilliseconds, string summary);
}

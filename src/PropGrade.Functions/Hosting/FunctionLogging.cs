using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace PropGrade.Functions.Hosting;

/// <summary>
/// The functions' logs: Microsoft.Extensions.Logging with the JSON console formatter, one JSON object per line on stdout
/// (the function's log group), scopes included — the run lifecycle opens one per run, batch and agent, so every line
/// carries <c>runId</c>, <c>batch</c> and <c>agent</c> — and, on an error, the exception with its message and stack.
/// Never the API key: nothing logged holds it (the client's URLs and headers have none).
/// </summary>
public static class FunctionLogging
{
    /// <summary>The category of the run lifecycle's lines.</summary>
    public const string RunsCategory = "PropGrade.Runs";

    public static ILoggerFactory Create(LogLevel minimum = LogLevel.Information) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(minimum)
            .AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                options.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            }));
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PropGrade.Functions.Tests.Harness;

/// <summary>
/// Keeps every log entry of a logger factory with the scopes it was written in (what the JSON console formatter writes as
/// <c>Scopes</c>): to check that every line carries the run, batch and agent, and every error its exception.
/// </summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>One entry: its level, category, message, exception and every scope value (innermost wins).</summary>
    internal sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Scope);

    private sealed class Logger(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            owner.scopes.ForEachScope(
                (scope, into) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            into[key] = value;
                        }
                    }
                },
                values);
            owner.Entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), exception, values));
        }
    }
}

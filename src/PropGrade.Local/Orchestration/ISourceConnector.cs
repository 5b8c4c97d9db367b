namespace PropGrade.Local.Orchestration;

/// <summary>
/// Connects the engine to its listing source once, on first need: the embedded simulator plus the HTTP client
/// by default, a real API given a base URL, or a fake in tests.
/// </summary>
public interface ISourceConnector : IAsyncDisposable
{
    Task<SourceConnection> ConnectAsync(CancellationToken cancellationToken);
}

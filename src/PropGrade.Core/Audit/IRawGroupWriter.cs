namespace PropGrade.Core.Audit;

/// <summary>
/// A group of raw exchanges (one agent, one batch of agents, or one market's discovery) that becomes durable
/// as a whole on <see cref="CommitAsync"/>. Disposing without committing drops the group; that agent is
/// simply re-fetched on resume.
/// </summary>
public interface IRawGroupWriter : IRawRecorder, IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken);
}

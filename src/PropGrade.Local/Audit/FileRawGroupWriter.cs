using System.IO.Compression;
using PropGrade.Core.Audit;

namespace PropGrade.Local.Audit;

/// <summary>
/// Collects one group's exchanges in memory (<see cref="Record"/> never touches the disk) and appends them to the
/// run's segment as one gzip member on <see cref="CommitAsync"/>, named with its SHA-256 in the segment's manifest. Records arriving after a commit form the next
/// member of the same group. Disposing without committing drops what was not committed.
/// </summary>
internal sealed class FileRawGroupWriter(FileRawStore store, string runId, string groupKey, CompressionLevel level) : IRawGroupWriter
{
    private readonly Lock _gate = new();
    private List<RawExchange> _pending = [];

    public void Record(RawExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        lock (_gate)
        {
            _pending.Add(exchange);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        List<RawExchange> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            batch = _pending;
            _pending = [];
        }

        var member = RawMember.Of(groupKey, batch, RawExchangeSerializer.SerializeGroup(groupKey, batch, level));
        await store.AppendAsync(runId, member, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _pending = [];
        }

        return ValueTask.CompletedTask;
    }
}

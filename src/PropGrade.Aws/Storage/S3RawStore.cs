using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Amazon.S3;
using PropGrade.Core.Audit;

namespace PropGrade.Aws.Storage;

/// <summary>
/// The audit trail in S3, in the one shared format (<see cref="RawExchangeSerializer"/>, the same as the local
/// files): each committed group (an agent batch's stage, a market's discovery) becomes one gzip JSON Lines object <c>runs/{runId}/raw/{groupKey}.jsonl.gz</c>. Until commit the group lives in memory only,
/// so an abandoned group leaves nothing behind and a retried group overwrites its own object.
/// </summary>
public sealed class S3RawStore(IAmazonS3 s3, string bucket) : IRawStore
{
    private readonly S3ObjectClient objects = new(s3 ?? throw new ArgumentNullException(nameof(s3)), bucket);

    public IRawGroupWriter OpenGroup(string runId, string groupKey) => new Group(objects, groupKey, S3Keys.Raw(runId, groupKey));

    public async IAsyncEnumerable<RawExchange> ReadAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var o in objects.ListAsync(S3Keys.RawPrefix(runId), cancellationToken))
        {
            keys.Add(o.Key);
        }

        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            var bytes = await objects.GetBytesAsync(key, cancellationToken);
            if (bytes is null)
            {
                continue;
            }

            await foreach (var exchange in RawExchangeSerializer.ReadAsync(new MemoryStream(bytes, writable: false), cancellationToken))
            {
                yield return exchange;
            }
        }
    }

    private sealed class Group(S3ObjectClient objects, string groupKey, string key) : IRawGroupWriter
    {
        private readonly ConcurrentQueue<RawExchange> exchanges = new();
        private int committed;

        public void Record(RawExchange exchange)
        {
            ArgumentNullException.ThrowIfNull(exchange);
            exchanges.Enqueue(exchange);
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref committed, 1) == 1)
            {
                throw new InvalidOperationException("The raw group is committed already.");
            }

            await objects.PutAsync(key, RawExchangeSerializer.SerializeGroup(groupKey, exchanges.ToArray()), "application/gzip", cancellationToken);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Amazon.S3;
using PropGrade.Core.Audit;

namespace PropGrade.Aws.Storage;

/// <summary>
/// The audit trail in S3, in the one shared format (<see cref="RawExchangeSerializer"/>, the same as the local
/// files): each committed group (an agent batch's stage, a market's discovery) becomes one gzip JSON Lines object
/// <c>runs/{runId}/raw/{groupKey}.jsonl.gz</c>, and then, once that PUT has succeeded, its manifest line
/// (<see cref="RawManifest"/>: length, SHA-256, group, count, agents) one small object
/// <c>runs/{runId}/raw-manifest/{groupKey}.json</c> (S3 has no append; one object per group needs no coordination
/// between Lambdas). Until commit the group lives in memory only, so an abandoned group leaves nothing behind and a
/// retried group overwrites its own objects. Readers check every group named by a manifest object against it; a raw
/// object no manifest names is a commit cut between the two PUTs and is not read. A run without any manifest object
/// (written before manifests existed) is read unverified.
/// </summary>
public sealed class S3RawStore(IAmazonS3 s3, string bucket) : IRawStore
{
    private readonly S3ObjectClient objects = new(s3 ?? throw new ArgumentNullException(nameof(s3)), bucket);

    public IRawGroupWriter OpenGroup(string runId, string groupKey) => new Group(objects, runId, groupKey);

    public IAsyncEnumerable<RawExchange> ReadAsync(string runId, CancellationToken cancellationToken) =>
        RawStoreReading.ExchangesAsync(ReadGroupsAsync(runId, cancellationToken), cancellationToken);

    public async IAsyncEnumerable<RawGroup> ReadGroupsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rawPrefix = S3Keys.RawPrefix(runId);
        var manifestKeys = new List<string>();
        await foreach (var o in objects.ListAsync(S3Keys.RawManifestPrefix(runId), cancellationToken))
        {
            manifestKeys.Add(o.Key);
        }

        if (manifestKeys.Count == 0)
        {
            var rawKeys = new List<string>();
            await foreach (var o in objects.ListAsync(rawPrefix, cancellationToken))
            {
                if (o.Key.EndsWith(RawExchangeSerializer.FileExtension, StringComparison.Ordinal))
                {
                    rawKeys.Add(o.Key);
                }
            }

            foreach (var key in rawKeys.Order(StringComparer.Ordinal))
            {
                var bytes = await objects.GetBytesAsync(key, cancellationToken);
                if (bytes is not null)
                {
                    yield return RawGroupDecoder.ReadUnverified(key[rawPrefix.Length..], 0, bytes);
                }
            }

            yield break;
        }

        var entries = new List<(string Order, RawManifestEntry Entry, RawGroup? Refused)>();
        foreach (var key in manifestKeys)
        {
            var line = await objects.GetBytesAsync(key, cancellationToken) ?? [];
            var parsed = RawManifest.Parse(line);
            var groupKey = key[S3Keys.RawManifestPrefix(runId).Length..^".json".Length];
            var segment = groupKey + RawExchangeSerializer.FileExtension;
            if (parsed is [{ Entry: { } entry }] && entry.Segment == segment && entry.Offset == 0)
            {
                entries.Add((segment, entry, null));
            }
            else
            {
                var named = new RawManifestEntry(segment, 0, 1, groupKey, 0, "", null);
                entries.Add((segment, named, RawGroupDecoder.Failed(named, RawIntegrityCodes.ManifestUnreadable,
                    $"its manifest object {key} is not one valid manifest line for it ({(parsed.Count == 1 ? parsed[0].Error ?? "it names another object" : $"{parsed.Count} lines")})")));
            }
        }

        foreach (var (_, entry, refused) in entries.OrderBy(e => e.Order, StringComparer.Ordinal))
        {
            if (refused is not null)
            {
                yield return refused;
                continue;
            }

            var bytes = await objects.GetBytesAsync(rawPrefix + entry.Segment, cancellationToken);
            yield return bytes is null
                ? RawGroupDecoder.Failed(entry, RawIntegrityCodes.Missing, "its raw object does not exist")
                : RawGroupDecoder.VerifyObject(entry, bytes);
        }
    }

    public async Task<byte[]?> ReadBytesAsync(string runId, string segment, long offset, int length, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!segment.EndsWith(RawExchangeSerializer.FileExtension, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{segment}' is not a raw object name.", nameof(segment));
        }

        var key = S3Keys.Raw(runId, segment[..^RawExchangeSerializer.FileExtension.Length]);
        var bytes = await objects.GetBytesAsync(key, cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        var start = (int)Math.Min(offset, bytes.Length);
        return bytes[start..(int)Math.Min(start + (long)length, bytes.Length)];
    }

    public async Task<string> FingerprintAsync(string runId, CancellationToken cancellationToken)
    {
        var listing = new StringBuilder();
        foreach (var prefix in new[] { S3Keys.RawPrefix(runId), S3Keys.RawManifestPrefix(runId) })
        {
            var found = new List<string>();
            await foreach (var o in objects.ListAsync(prefix, cancellationToken))
            {
                found.Add(string.Create(CultureInfo.InvariantCulture, $"{o.Key}\t{o.Size}\t{o.ETag}\n"));
            }

            found.Sort(StringComparer.Ordinal);
            found.ForEach(line => listing.Append(line));
        }

        return RawGroupDecoder.Sha256Hex(Encoding.UTF8.GetBytes(listing.ToString()));
    }

    private sealed class Group(S3ObjectClient objects, string runId, string groupKey) : IRawGroupWriter
    {
        private readonly ConcurrentQueue<RawExchange> exchanges = new();
        private readonly string key = S3Keys.Raw(runId, groupKey);
        private readonly string manifestKey = S3Keys.RawManifest(runId, groupKey);
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

            var batch = exchanges.ToArray();
            var member = RawExchangeSerializer.SerializeGroup(groupKey, batch);
            await objects.PutAsync(key, member, "application/gzip", cancellationToken);
            var entry = RawManifest.Describe(groupKey + RawExchangeSerializer.FileExtension, 0, member, groupKey, batch);
            await objects.PutAsync(manifestKey, RawManifest.SerializeLine(entry), "application/x-ndjson", cancellationToken);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

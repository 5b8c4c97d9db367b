using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PropGrade.Core.Audit;

namespace PropGrade.Local.Audit;

/// <summary>
/// The local raw audit store. Layout: <c>{dataDir}/runs/{runId}/raw/seg-{n:000000}-{instance}.jsonl.gz</c> (n counts up
/// across store instances, so name order is write order),
/// the same prefix and object format as the S3 store (<see cref="RawExchangeSerializer"/>): each committed group is
/// appended as one gzip member to the current segment and flushed (fsync) before <see cref="IRawGroupWriter.CommitAsync"/>
/// returns; concurrent commits share one flush. Each store instance writes its own segments (never appending after a
/// torn member from a crashed process), and a torn last member is skipped on read. Thread-safe.
/// </summary>
public sealed class FileRawStore : IRawStore, IAsyncDisposable
{
    private readonly string _dataDir;
    private readonly FileRawStoreOptions _options;
    private readonly string _instanceId = Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<string, Lazy<RawSegmentWriter>> _writers = new(StringComparer.Ordinal);
    private int _disposed;

    public FileRawStore(string dataDir)
        : this(dataDir, new FileRawStoreOptions())
    {
    }

    public FileRawStore(string dataDir, FileRawStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dataDir = Path.GetFullPath(dataDir);
        _options = options;
    }

    /// <summary>The directory that holds a run's raw segments: <c>{dataDir}/runs/{runId}/raw</c>.</summary>
    public string RawDirectory(string runId)
    {
        ValidateRunId(runId);
        return Path.Combine(_dataDir, "runs", runId, "raw");
    }

    public IRawGroupWriter OpenGroup(string runId, string groupKey)
    {
        ValidateRunId(runId);
        ArgumentException.ThrowIfNullOrEmpty(groupKey);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new FileRawGroupWriter(this, runId, groupKey, _options.CompressionLevel);
    }

    public async IAsyncEnumerable<RawExchange> ReadAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var directory = RawDirectory(runId);
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var files = Directory.GetFiles(directory, "*" + RawExchangeSerializer.FileExtension);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 64 * 1024,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
            await foreach (var exchange in RawExchangeSerializer.ReadAsync(stream, cancellationToken))
            {
                yield return exchange;
            }
        }
    }

    /// <summary>Flushes and closes every open segment.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var writer in _writers.Values)
        {
            if (writer.IsValueCreated)
            {
                await writer.Value.DisposeAsync();
            }
        }
    }

    internal Task AppendAsync(string runId, byte[] member, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var writer = _writers.GetOrAdd(
            runId,
            id => new Lazy<RawSegmentWriter>(() => new RawSegmentWriter(RawDirectory(id), _instanceId, _options)));
        return writer.Value.AppendAsync(member, cancellationToken);
    }

    private static void ValidateRunId(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (runId.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || runId is "." or "..")
        {
            throw new ArgumentException($"Run id '{runId}' cannot be used as a directory name.", nameof(runId));
        }
    }
}

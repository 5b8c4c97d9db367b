using System.Threading.Channels;
using PropGrade.Core.Audit;

namespace PropGrade.Local.Audit;

/// <summary>
/// Appends gzip members to one run's segment files from a single background loop: every member queued while the
/// previous flush ran is written and then made durable by one flush (group commit), so thousands of concurrent
/// commits cost a few fsyncs, not thousands. Once the members are durable, their manifest lines (place, length,
/// SHA-256, group, count, agents) are appended to the segment's manifest sidecar and flushed too; only then are the
/// commits acknowledged. A crash between the two leaves members no manifest names: never read, as if uncommitted.
/// </summary>
internal sealed class RawSegmentWriter : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _instanceId;
    private readonly FileRawStoreOptions _options;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly List<byte[]> _unsealed = [];
    private readonly Task _loop;
    private FileStream? _segment;
    private FileStream? _manifest;
    private string? _segmentName;

    public RawSegmentWriter(string directory, string instanceId, FileRawStoreOptions options)
    {
        _directory = directory;
        _instanceId = instanceId;
        _options = options;
        RawFiles.CreateDirectory(directory);
        _loop = Task.Run(RunAsync);
    }

    public Task AppendAsync(RawMember member, CancellationToken cancellationToken)
    {
        var pending = new PendingAppend(member, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(FileRawStore), "The raw store is closed.");
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        CloseSegment();
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingAppend>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (_queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                foreach (var item in batch)
                {
                    var segment = CurrentSegment(item.Member.Bytes.Length);
                    var offset = segment.Position;
                    segment.Write(item.Member.Bytes);
                    _unsealed.Add(RawManifest.SerializeLine(item.Member.At(_segmentName!, offset)));
                }

                Seal();
                foreach (var item in batch)
                {
                    item.Done.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The segment may now end in a torn member (or its manifest in a torn line): close both so later groups
                // start clean files. Members without a manifest line are never read.
                CloseSegment();
                foreach (var item in batch)
                {
                    item.Done.TrySetException(new IOException($"Could not write raw audit data under {_directory}: {ex.Message}", ex));
                }
            }
        }
    }

    /// <summary>Makes the members written so far durable, then their manifest lines.</summary>
    private void Seal()
    {
        if (_segment is null || _manifest is null)
        {
            return;
        }

        _segment.Flush(flushToDisk: _options.FlushToDisk);
        foreach (var line in _unsealed)
        {
            _manifest.Write(line);
        }

        _unsealed.Clear();
        _manifest.Flush(flushToDisk: _options.FlushToDisk);
    }

    private FileStream CurrentSegment(int incoming)
    {
        if (_segment is not null && _segment.Length > 0 && _segment.Length + incoming > _options.SegmentMaxBytes)
        {
            Seal();
            CloseSegment();
        }

        if (_segment is null)
        {
            var name = $"seg-{NextSequence():D6}-{_instanceId}{RawExchangeSerializer.FileExtension}";

            // The manifest exists before its segment: a segment without one was written before manifests existed.
            _manifest = RawFiles.CreateNew(Path.Combine(_directory, FileRawStore.ManifestNameOf(name)), bufferSize: 16 * 1024);
            _segment = RawFiles.CreateNew(Path.Combine(_directory, name), bufferSize: 256 * 1024);
            _segmentName = name;
        }

        return _segment;
    }

    /// <summary>One more than the highest segment number in the directory (whoever wrote it), so names sort in write order.</summary>
    private int NextSequence()
    {
        var highest = 0;
        foreach (var file in Directory.EnumerateFiles(_directory, "seg-*"))
        {
            if (FileRawStore.SequenceOf(Path.GetFileName(file)) is { } number)
            {
                highest = Math.Max(highest, number);
            }
        }

        return highest + 1;
    }

    private void CloseSegment()
    {
        _unsealed.Clear();
        foreach (var file in new[] { _segment, _manifest })
        {
            try
            {
                file?.Dispose();
            }
            catch (IOException)
            {
                // Nothing more can be saved from this segment.
            }
        }

        _segment = null;
        _manifest = null;
        _segmentName = null;
    }

    private sealed record PendingAppend(RawMember Member, TaskCompletionSource Done);
}

using System.Threading.Channels;

namespace PropGrade.Local.Audit;

/// <summary>
/// Appends gzip members to one run's segment files from a single background loop: every member queued while the
/// previous flush ran is written and then made durable by one flush (group commit), so thousands of concurrent
/// commits cost a few fsyncs, not thousands.
/// </summary>
internal sealed class RawSegmentWriter : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _instanceId;
    private readonly FileRawStoreOptions _options;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly Task _loop;
    private FileStream? _segment;

    public RawSegmentWriter(string directory, string instanceId, FileRawStoreOptions options)
    {
        _directory = directory;
        _instanceId = instanceId;
        _options = options;
        Directory.CreateDirectory(directory);
        _loop = Task.Run(RunAsync);
    }

    public Task AppendAsync(byte[] member, CancellationToken cancellationToken)
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
        if (_segment is not null)
        {
            await _segment.DisposeAsync();
            _segment = null;
        }
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
                    var segment = CurrentSegment(item.Member.Length);
                    segment.Write(item.Member);
                }

                _segment?.Flush(flushToDisk: _options.FlushToDisk);
                foreach (var item in batch)
                {
                    item.Done.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The segment may now end in a torn member: close it so later groups start a clean file.
                CloseSegment();
                foreach (var item in batch)
                {
                    item.Done.TrySetException(new IOException($"Could not write raw audit data under {_directory}: {ex.Message}", ex));
                }
            }
        }
    }

    private FileStream CurrentSegment(int incoming)
    {
        if (_segment is not null && _segment.Length > 0 && _segment.Length + incoming > _options.SegmentMaxBytes)
        {
            _segment.Flush(flushToDisk: _options.FlushToDisk);
            CloseSegment();
        }

        if (_segment is null)
        {
            var path = Path.Combine(_directory, $"seg-{NextSequence():D6}-{_instanceId}.jsonl.gz");
            _segment = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 256 * 1024);
        }

        return _segment;
    }

    /// <summary>One more than the highest segment number in the directory (whoever wrote it), so names sort in write order.</summary>
    private int NextSequence()
    {
        var highest = 0;
        foreach (var file in Directory.EnumerateFiles(_directory, "seg-*.jsonl.gz"))
        {
            var name = Path.GetFileName(file.AsSpan());
            var digits = name["seg-".Length..];
            var dash = digits.IndexOf('-');
            if (dash > 0 && int.TryParse(digits[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                highest = Math.Max(highest, number);
            }
        }

        return highest + 1;
    }

    private void CloseSegment()
    {
        try
        {
            _segment?.Dispose();
        }
        catch (IOException)
        {
            // Nothing more can be saved from this segment.
        }

        _segment = null;
    }

    private sealed record PendingAppend(byte[] Member, TaskCompletionSource Done);
}

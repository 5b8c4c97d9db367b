using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PropGrade.Core.Exports;

/// <summary>
/// A stable sort that holds at most <c>rowsPerRun</c> items in memory: items are buffered, each full buffer is sorted and
/// spilled to a temporary file (a sorted run: length-prefixed JSON through the given source-generated type info), and
/// <see cref="Sorted"/> merges the runs (k-way, through a priority queue holding one item per run). With no spill the
/// buffer is sorted and served from memory. Ties keep their insertion order (an item added earlier comes first), so the
/// order is exactly that of a stable in-memory sort (<c>Order(comparer)</c>) with the same comparison. The temporary
/// files live in a private sub-directory of the given directory, created at the first spill and deleted on dispose.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class ExternalSorter<T> : IDisposable
{
    /// <summary>Items per sorted run when none is given (a graded row is ~1 KB in memory: ~25 MB a run).</summary>
    public const int DefaultRowsPerRun = 25_000;

    private readonly Comparison<T> _comparison;
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly string _root;
    private readonly int _rowsPerRun;
    private readonly List<string> _runs = [];
    private (T Item, long Seq)[] _buffer;
    private int _buffered;
    private long _count;
    private string? _directory;
    private bool _completed;
    private bool _disposed;

    /// <param name="comparison">The order.</param>
    /// <param name="typeInfo">How an item is written to and read from a run file.</param>
    /// <param name="tempDirectory">Where the run files' private sub-directory is created.</param>
    /// <param name="rowsPerRun">Items held in memory before a run is spilled (at least 1).</param>
    public ExternalSorter(Comparison<T> comparison, JsonTypeInfo<T> typeInfo, string tempDirectory, int rowsPerRun = DefaultRowsPerRun)
    {
        _comparison = comparison ?? throw new ArgumentNullException(nameof(comparison));
        _typeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));
        ArgumentException.ThrowIfNullOrEmpty(tempDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerRun, 1);
        _root = tempDirectory;
        _rowsPerRun = rowsPerRun;
        _buffer = new (T, long)[Math.Min(rowsPerRun, 1024)];
    }

    /// <summary>How many items were added.</summary>
    public long Count => _count;

    /// <summary>How many sorted runs were spilled to files.</summary>
    public int SpilledRuns => _runs.Count;

    /// <summary>The private directory holding the run files (null until the first spill).</summary>
    public string? Directory => _directory;

    /// <summary>Adds an item (spilling a sorted run when the buffer is full). Not after <see cref="Sorted"/>.</summary>
    public void Add(T item)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("Items cannot be added once the sorted order has been read.");
        }

        if (_buffered == _rowsPerRun)
        {
            Spill();
        }

        if (_buffered == _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(_rowsPerRun, _buffer.Length * 2));
        }

        _buffer[_buffered++] = (item, _count++);
    }

    /// <summary>
    /// Every item in order. Ends adding; may be enumerated any number of times (each enumeration merges the runs
    /// again, reading the files from the start).
    /// </summary>
    public IEnumerable<T> Sorted()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_completed)
        {
            _completed = true;
            if (_runs.Count > 0 && _buffered > 0)
            {
                Spill();
            }
            else
            {
                SortBuffer();
            }
        }

        return _runs.Count == 0 ? Buffered() : Merged();
    }

    /// <summary>Deletes the run files and their directory.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _buffer = [];
        if (_directory is not null)
        {
            try
            {
                System.IO.Directory.Delete(_directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A reader still holds a file open (an enumeration not disposed): the data directory's clean-up removes it.
            }
        }
    }

    private IEnumerable<T> Buffered()
    {
        for (var i = 0; i < _buffered; i++)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            yield return _buffer[i].Item;
        }
    }

    private IEnumerable<T> Merged()
    {
        var readers = new List<RunReader>(_runs.Count);
        try
        {
            var queue = new PriorityQueue<int, (T Item, int Run)>(_runs.Count, Comparer<(T Item, int Run)>.Create((a, b) =>
            {
                var c = _comparison(a.Item, b.Item);
                return c != 0 ? c : a.Run.CompareTo(b.Run);
            }));
            for (var i = 0; i < _runs.Count; i++)
            {
                var reader = new RunReader(_runs[i], _typeInfo);
                readers.Add(reader);
                if (reader.TryRead(out var first))
                {
                    queue.Enqueue(i, (first, i));
                }
            }

            while (queue.TryDequeue(out var run, out var head))
            {
                yield return head.Item;
                if (readers[run].TryRead(out var next))
                {
                    queue.Enqueue(run, (next, run));
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    private void SortBuffer()
    {
        var comparison = _comparison;
        Array.Sort(_buffer, 0, _buffered, Comparer<(T Item, long Seq)>.Create((a, b) =>
        {
            var c = comparison(a.Item, b.Item);
            return c != 0 ? c : a.Seq.CompareTo(b.Seq);
        }));
    }

    private void Spill()
    {
        SortBuffer();
        _directory ??= CreatePrivateDirectory(_root);
        var path = Path.Combine(_directory, $"run-{_runs.Count:D5}.bin");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        using (var output = new BinaryWriter(file))
        {
            var bytes = new ArrayBufferWriter<byte>(4096);
            using var json = new Utf8JsonWriter(bytes);
            for (var i = 0; i < _buffered; i++)
            {
                bytes.ResetWrittenCount();
                json.Reset(bytes);
                JsonSerializer.Serialize(json, _buffer[i].Item, _typeInfo);
                json.Flush();
                output.Write(bytes.WrittenCount);
                output.Write(bytes.WrittenSpan);
                _buffer[i] = default;
            }
        }

        _runs.Add(path);
        _buffered = 0;
    }

    private static string CreatePrivateDirectory(string root)
    {
        var path = Path.Combine(root, $".propgrade-sort-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
        }
        else
        {
            System.IO.Directory.CreateDirectory(root);
            System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>Reads one run file's items in order.</summary>
    private sealed class RunReader(string path, JsonTypeInfo<T> typeInfo) : IDisposable
    {
        private readonly BinaryReader _input = new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));
        private byte[] _bytes = new byte[4096];

        public bool TryRead(out T item)
        {
            if (_input.BaseStream.Position >= _input.BaseStream.Length)
            {
                item = default!;
                return false;
            }

            var length = _input.ReadInt32();
            if (_bytes.Length < length)
            {
                _bytes = new byte[Math.Max(length, _bytes.Length * 2)];
            }

            _input.BaseStream.ReadExactly(_bytes, 0, length);
            item = JsonSerializer.Deserialize(_bytes.AsSpan(0, length), typeInfo)!;
            return true;
        }

        public void Dispose() => _input.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;
using PropGrade.Core.Audit;

namespace PropGrade.Local.Audit;

/// <summary>
/// The local raw audit store. Layout: <c>{dataDir}/runs/{runId}/raw/seg-{n:000000}-{instance}.jsonl.gz</c> (n counts up
/// across store instances, so name order is write order), each with its manifest sidecar
/// <c>seg-{n:000000}-{instance}.manifest.jsonl</c>; the same prefix and object format as the S3 store
/// (<see cref="RawExchangeSerializer"/>, <see cref="RawManifest"/>): each committed group is appended as one gzip member
/// to the current segment and flushed (fsync), then its manifest line (offset, length, SHA-256, group, count, agents)
/// is appended and flushed, before <see cref="IRawGroupWriter.CommitAsync"/> returns; concurrent commits share the
/// flushes. Each store instance writes its own segments (never appending after a torn member from a crashed process).
/// Readers take every group from the manifest's offsets and check its hash, so a damaged or changed group is refused by
/// name and the groups after it are still read (a group whose bytes moved because an earlier one changed length is
/// found again by its hash); a segment without a manifest (written before manifests existed) is read unverified.
/// Thread-safe.
/// </summary>
public sealed class FileRawStore : IRawStore, IRawIndexHome, IAsyncDisposable
{
    /// <summary>The file name suffix of a segment's manifest sidecar.</summary>
    public const string ManifestExtension = ".manifest.jsonl";

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

    /// <summary>The manifest sidecar's name of a segment: <c>seg-000003-1a2b3c4d.jsonl.gz</c> → <c>seg-000003-1a2b3c4d.manifest.jsonl</c>.</summary>
    public static string ManifestNameOf(string segmentName)
    {
        ArgumentException.ThrowIfNullOrEmpty(segmentName);
        return segmentName[..^RawExchangeSerializer.FileExtension.Length] + ManifestExtension;
    }

    /// <summary>The directory that holds a run's raw segments: <c>{dataDir}/runs/{runId}/raw</c>.</summary>
    public string RawDirectory(string runId)
    {
        ValidateRunId(runId);
        return Path.Combine(_dataDir, "runs", runId, "raw");
    }

    /// <summary>Where indexes derived from a run's raw data live: <c>{dataDir}/runs/{runId}/raw-index</c>.</summary>
    public string IndexDirectory(string runId)
    {
        ValidateRunId(runId);
        return Path.Combine(_dataDir, "runs", runId, "raw-index");
    }

    public IRawGroupWriter OpenGroup(string runId, string groupKey)
    {
        ValidateRunId(runId);
        ArgumentException.ThrowIfNullOrEmpty(groupKey);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new FileRawGroupWriter(this, runId, groupKey, _options.CompressionLevel);
    }

    public IAsyncEnumerable<RawExchange> ReadAsync(string runId, CancellationToken cancellationToken) =>
        RawStoreReading.ExchangesAsync(ReadGroupsAsync(runId, cancellationToken), cancellationToken);

    public async IAsyncEnumerable<RawGroup> ReadGroupsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var directory = RawDirectory(runId);
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var expected = 1;
        foreach (var segment in SegmentNames(directory))
        {
            // Segments are numbered 1, 2, 3, ... without gaps (a writer takes one more than the highest there): a gap
            // is a segment deleted with its manifest, whose groups would otherwise vanish without a word.
            var number = SequenceOf(segment);
            for (; number is { } n && expected < n; expected++)
            {
                yield return RawGroupDecoder.Failed(
                    new RawManifestEntry($"seg-{expected:D6}-*{RawExchangeSerializer.FileExtension}", 0, 1, "(every group of the segment)", 0, "", null),
                    RawIntegrityCodes.Missing,
                    "segments are numbered without gaps and this one is gone with its manifest");
            }

            expected = Math.Max(expected, (number ?? 0) + 1);
            var manifestPath = Path.Combine(directory, ManifestNameOf(segment));
            var reader = File.Exists(manifestPath)
                ? ReadVerifiedAsync(directory, segment, await File.ReadAllBytesAsync(manifestPath, cancellationToken), cancellationToken)
                : ReadUnverifiedAsync(directory, segment, cancellationToken);
            await foreach (var group in reader)
            {
                yield return group;
            }
        }
    }

    public async Task<IReadOnlyList<RawManifestEntry>?> ReadManifestAsync(string runId, CancellationToken cancellationToken)
    {
        var directory = RawDirectory(runId);
        var entries = new List<RawManifestEntry>();
        if (!Directory.Exists(directory))
        {
            return entries;
        }

        var expected = 1;
        foreach (var segment in SegmentNames(directory))
        {
            var manifestPath = Path.Combine(directory, ManifestNameOf(segment));
            if (SequenceOf(segment) != expected++ || !File.Exists(manifestPath) || !File.Exists(Path.Combine(directory, segment)))
            {
                return null; // a gap, a segment without a manifest, or a manifest without its segment: read every group
            }

            foreach (var line in RawManifest.Parse(await File.ReadAllBytesAsync(manifestPath, cancellationToken)))
            {
                if (line.Entry is not { } entry || !string.Equals(entry.Segment, segment, StringComparison.Ordinal))
                {
                    return null;
                }

                entries.Add(entry);
            }
        }

        return entries;
    }

    public async Task<byte[]?> ReadBytesAsync(string runId, string segment, long offset, int length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var path = SegmentPath(RawDirectory(runId), segment);
        if (!File.Exists(path))
        {
            return null;
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        return await ReadAtAsync(handle, offset, length, cancellationToken);
    }

    public Task<string> FingerprintAsync(string runId, CancellationToken cancellationToken)
    {
        var directory = RawDirectory(runId);
        var listing = new StringBuilder();
        if (Directory.Exists(directory))
        {
            var files = new DirectoryInfo(directory).GetFiles("seg-*");
            Array.Sort(files, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var file in files)
            {
                listing.Append(file.Name).Append('\t').Append(file.Length.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return Task.FromResult(RawGroupDecoder.Sha256Hex(Encoding.UTF8.GetBytes(listing.ToString())));
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

    internal Task AppendAsync(string runId, RawMember member, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var writer = _writers.GetOrAdd(
            runId,
            id => new Lazy<RawSegmentWriter>(() => new RawSegmentWriter(RawDirectory(id), _instanceId, _options)));
        return writer.Value.AppendAsync(member, cancellationToken);
    }

    /// <summary>The <c>n</c> of <c>seg-{n}-{instance}…</c>; null for a name not of that form.</summary>
    internal static int? SequenceOf(string name)
    {
        if (!name.StartsWith("seg-", StringComparison.Ordinal))
        {
            return null;
        }

        var digits = name.AsSpan("seg-".Length);
        var dash = digits.IndexOf('-');
        return dash > 0 && int.TryParse(digits[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>Every segment a file or a manifest names (a manifest whose segment is gone still names its groups), in name order.</summary>
    private static string[] SegmentNames(string directory)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "seg-*"))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(RawExchangeSerializer.FileExtension, StringComparison.Ordinal))
            {
                names.Add(name);
            }
            else if (name.EndsWith(ManifestExtension, StringComparison.Ordinal))
            {
                names.Add(name[..^ManifestExtension.Length] + RawExchangeSerializer.FileExtension);
            }
        }

        return [.. names];
    }

    /// <summary>
    /// The groups a segment's manifest names, each read at its offset and checked, in manifest order. Reading,
    /// hashing and inflating run ahead on <see cref="Lookahead"/> groups at once (two per core, four at least), so an
    /// index build uses the machine. When a group's bytes are not where the manifest says (an earlier group was
    /// rewritten with another length), the member whose bytes hash to the manifest's value is looked for among the
    /// segment's member starts, and the shift is kept for the next ones.
    /// </summary>
    private static async IAsyncEnumerable<RawGroup> ReadVerifiedAsync(string directory, string segment, byte[] manifest, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = RawManifest.Parse(manifest);
        var path = Path.Combine(directory, segment);
        SafeFileHandle? handle = File.Exists(path)
            ? File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous)
            : null;
        using (handle)
        {
            long shift = 0;
            IReadOnlyList<long>? starts = null;
            var ahead = new Queue<(RawManifestEntry? Entry, Task<RawGroup> Check)>();
            var next = 0;
            try
            {
                while (next < lines.Count || ahead.Count > 0)
                {
                    while (ahead.Count < Lookahead && next < lines.Count)
                    {
                        ahead.Enqueue(Check(lines[next++], segment, handle, shift, cancellationToken));
                    }

                    var (entry, check) = ahead.Dequeue();
                    var group = await check;
                    if (entry is null || handle is null || group.State == RawGroupState.Verified)
                    {
                        yield return group;
                        continue;
                    }

                    // Not at the offset read ahead: at the current shift, at the manifest's own offset (where it is
                    // reported), or found again by its hash.
                    group = await VerifyAtAsync(handle, entry, entry.Offset + shift, cancellationToken);
                    if (group.State != RawGroupState.Verified && shift != 0)
                    {
                        group = await VerifyAtAsync(handle, entry, entry.Offset, cancellationToken);
                        if (group.State == RawGroupState.Verified)
                        {
                            shift = 0;
                        }
                    }

                    if (group.State != RawGroupState.Verified)
                    {
                        starts ??= await MemberStartsAsync(path, cancellationToken);
                        if (await FindMovedAsync(handle, entry, starts, cancellationToken) is { } moved)
                        {
                            shift = moved.Entry.Offset - entry.Offset;
                            group = moved;
                        }
                    }

                    yield return group;
                }
            }
            finally
            {
                // A reader that stops early: let the reads already started finish before the handle closes.
                foreach (var (_, check) in ahead)
                {
                    await ((Task)check).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
    }

    /// <summary>Groups checked at once while reading a segment's manifest.</summary>
    private static int Lookahead => Math.Clamp(Environment.ProcessorCount * 2, 4, 16);

    /// <summary>Starts checking one manifest line's group (on the thread pool), or refuses the line outright.</summary>
    private static (RawManifestEntry? Entry, Task<RawGroup> Check) Check(RawManifestLine line, string segment, SafeFileHandle? handle, long shift, CancellationToken cancellationToken)
    {
        if (line.Entry is not { } entry)
        {
            return (null, Task.FromResult(RawGroupDecoder.Failed(
                new RawManifestEntry(segment, 0, 1, $"(line {line.Number} of {ManifestNameOf(segment)})", 0, "", null),
                RawIntegrityCodes.ManifestUnreadable,
                $"the manifest line is unreadable ({line.Error}), so the group it named cannot be found or checked")));
        }

        if (!string.Equals(entry.Segment, segment, StringComparison.Ordinal))
        {
            return (null, Task.FromResult(RawGroupDecoder.Failed(entry with { Segment = segment }, RawIntegrityCodes.ManifestUnreadable,
                $"the manifest of {segment} places it in another segment, {entry.Segment}")));
        }

        if (handle is null)
        {
            return (null, Task.FromResult(RawGroupDecoder.Failed(entry, RawIntegrityCodes.Missing, "the segment file does not exist")));
        }

        return (entry, Task.Run(() => VerifyAtAsync(handle, entry, entry.Offset + shift, cancellationToken), cancellationToken));
    }

    /// <summary>A manifest's group found by its hash at another member start (its offset is where it was found).</summary>
    private static async Task<RawGroup?> FindMovedAsync(SafeFileHandle handle, RawManifestEntry entry, IReadOnlyList<long> starts, CancellationToken cancellationToken)
    {
        foreach (var start in starts.OrderBy(s => Math.Abs(s - entry.Offset)))
        {
            if (start != entry.Offset && await VerifyAtAsync(handle, entry, start, cancellationToken) is { State: RawGroupState.Verified } moved)
            {
                return moved;
            }
        }

        return null;
    }

    /// <summary>Checks the bytes at <paramref name="offset"/> against <paramref name="entry"/> (the result names that offset).</summary>
    private static async Task<RawGroup> VerifyAtAsync(SafeFileHandle handle, RawManifestEntry entry, long offset, CancellationToken cancellationToken) =>
        RawGroupDecoder.Verify(offset == entry.Offset ? entry : entry with { Offset = offset }, await ReadAtAsync(handle, offset, entry.Length, cancellationToken));

    /// <summary>
    /// A segment without a manifest: its members (found by their gzip headers, so damage to one does not hide the
    /// next), read unverified. A damaged last member is a commit torn by a crash: its committed groups are kept, the
    /// rest skipped without a report, as always.
    /// </summary>
    private static async IAsyncEnumerable<RawGroup> ReadUnverifiedAsync(string directory, string segment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, segment);
        var starts = await MemberStartsAsync(path, cancellationToken);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        var length = RandomAccess.GetLength(handle);
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : length;
            var bytes = await ReadAtAsync(handle, starts[i], (int)Math.Min(end - starts[i], int.MaxValue), cancellationToken);
            var group = RawGroupDecoder.ReadUnverified(segment, starts[i], bytes);
            if (group.State == RawGroupState.Failed && i == starts.Count - 1)
            {
                if (group.Records.Count == 0)
                {
                    continue;
                }

                group = RawGroupDecoder.Salvaged(group);
            }

            yield return group;
        }
    }

    private static async Task<IReadOnlyList<long>> MemberStartsAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = RawFiles.OpenRead(path, bufferSize: 0);
        return await RawStoreReading.FindMemberStartsAsync(stream, cancellationToken);
    }

    private static async Task<byte[]> ReadAtAsync(SafeFileHandle handle, long offset, int length, CancellationToken cancellationToken)
    {
        var available = Math.Max(0, Math.Min(length, RandomAccess.GetLength(handle) - offset));
        var buffer = new byte[available];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(filled), offset + filled, cancellationToken);
            if (read == 0)
            {
                Array.Resize(ref buffer, filled);
                break;
            }

            filled += read;
        }

        return buffer;
    }

    private static string SegmentPath(string directory, string segment)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        if (segment.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || segment.Contains('/', StringComparison.Ordinal)
            || !segment.StartsWith("seg-", StringComparison.Ordinal) || !segment.EndsWith(RawExchangeSerializer.FileExtension, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{segment}' is not a raw segment name.", nameof(segment));
        }

        return Path.Combine(directory, segment);
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

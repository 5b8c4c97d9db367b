using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PropGrade.Core.Audit;
using PropGrade.ListingApi.Resilience;

namespace PropGrade.ListingApi.Replay;

/// <summary>
/// Builds a run's replay index (<see cref="ReplayIndexFile"/>) by streaming once through its raw groups as the store
/// checks them: each record is summarised (URL, classification; the body is not decoded) into a 32-byte entry; entries
/// are sorted in chunks of <see cref="RawReplayOptions.SortChunkEntries"/> (deduplicated to the winning record per
/// URL), spilled to sorted runs when a chunk stays full, and merged. Memory stays bounded by one group and one chunk,
/// whatever the run's size. The index is written to a temporary file, flushed, and renamed into place, so a crash
/// leaves no half index under the final name.
/// </summary>
internal static class ReplayIndexBuilder
{
    public const string TempMarker = ".tmp-";
    public const string SpillMarker = ".spill-";

    private static readonly Comparer<ReplayIndexEntry> Order = Comparer<ReplayIndexEntry>.Create(ReplayIndexEntry.Compare);

    /// <summary>Builds the index of <paramref name="runId"/> as <paramref name="path"/> (replacing any there).</summary>
    public static async Task BuildAsync(IRawStore store, string runId, string fingerprint, string path, RawReplayOptions options, CancellationToken cancellationToken)
    {
        var stamp = Guid.NewGuid().ToString("N")[..8];
        var tempPath = path + TempMarker + stamp;
        var spills = new List<string>();
        try
        {
            var chunk = new ReplayIndexEntry[options.SortChunkEntries];
            var count = 0;
            using var groups = new MemoryStream();
            using var heap = new MemoryStream();
            var segments = new List<string>();
            var segmentNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
            var failures = new List<RawIntegrityFailure>();
            var unverifiedSegments = new SortedSet<string>(StringComparer.Ordinal);
            int verified = 0, unverified = 0, ordinal = 0;
            var record = new byte[ReplayGroupRef.Size];
            await foreach (var group in store.ReadGroupsAsync(runId, cancellationToken).ConfigureAwait(false))
            {
                if (group.State == RawGroupState.Failed)
                {
                    failures.Add(RawIntegrityFailure.From(group));
                    continue;
                }

                if (group.State == RawGroupState.Verified)
                {
                    verified++;
                }
                else
                {
                    unverified++;
                    unverifiedSegments.Add(group.Entry.Segment);
                }

                if (!segmentNumbers.TryGetValue(group.Entry.Segment, out var segment))
                {
                    segment = segmentNumbers[group.Entry.Segment] = segments.Count;
                    segments.Add(group.Entry.Segment);
                }

                var keyAt = heap.Position;
                WriteKey(heap, group.Entry.Group);
                new ReplayGroupRef(segment, group.Records.Count, group.Entry.Offset, group.Entry.Length, group.State == RawGroupState.Verified, keyAt, Convert.FromHexString(group.Entry.Sha256))
                    .Write(record);
                groups.Write(record);
                foreach (var span in group.Records)
                {
                    var summary = RawExchangeSerializer.ReadSummary(group.Content.AsSpan(span.Offset, span.Length));
                    var kind = summary?.Classification switch
                    {
                        AttemptOutcome.OkReason => ReplayIndexEntry.Answer,
                        "fail:http_404" or "fail:http_400" => ReplayIndexEntry.Refusal,
                        _ => (byte)0,
                    };
                    if (kind == 0)
                    {
                        continue;
                    }

                    chunk[count++] = new ReplayIndexEntry(ReplayIndexEntry.KeyOf(summary!.Url), ordinal, span.Offset, span.Length, kind);
                    if (count == chunk.Length)
                    {
                        count = SortAndKeepWinners(chunk, count);
                        if (count > chunk.Length / 2)
                        {
                            spills.Add(await SpillAsync(path, stamp, spills.Count, chunk, count, cancellationToken).ConfigureAwait(false));
                            count = 0;
                        }
                    }
                }

                ordinal++;
            }

            count = SortAndKeepWinners(chunk, count);
            var report = new RawIntegrityReport(verified, unverified, [.. unverifiedSegments], failures);
            var meta = new ReplayIndexMeta(runId, fingerprint, segments, report);
            await using (var output = ReplayIndexFiles.CreateNew(tempPath))
            {
                using var writer = new HashingWriter(output);
                long written;
                List<UInt128> fences;
                if (spills.Count == 0)
                {
                    (written, fences) = WriteEntries(writer, new ArraySegment<ReplayIndexEntry>(chunk, 0, count));
                }
                else
                {
                    spills.Add(await SpillAsync(path, stamp, spills.Count, chunk, count, cancellationToken).ConfigureAwait(false));
                    chunk = [];
                    (written, fences) = Merge(writer, spills);
                }

                var fencesOffset = writer.Position;
                var fence = new byte[16];
                foreach (var key in fences)
                {
                    BinaryPrimitives.WriteUInt128BigEndian(fence, key);
                    writer.Write(fence);
                }

                var groupsOffset = writer.Position;
                writer.Write(groups.GetBuffer().AsSpan(0, (int)groups.Length));
                var heapOffset = writer.Position;
                writer.Write(heap.GetBuffer().AsSpan(0, (int)heap.Length));
                var metaOffset = writer.Position;
                var metaBytes = JsonSerializer.SerializeToUtf8Bytes(meta, ReplayJsonContext.Default.ReplayIndexMeta);
                writer.Write(metaBytes);
                var trailer = new byte[ReplayIndexFile.TrailerSize - SHA256.HashSizeInBytes];
                ReplayIndexFile.Magic.CopyTo(trailer);
                BinaryPrimitives.WriteInt32LittleEndian(trailer.AsSpan(8), ReplayIndexFile.Version);
                BinaryPrimitives.WriteInt32LittleEndian(trailer.AsSpan(12), ReplayIndexFile.Stride);
                BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(16), written);
                BinaryPrimitives.WriteInt32LittleEndian(trailer.AsSpan(24), ordinal);
                BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(32), fencesOffset);
                BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(40), groupsOffset);
                BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(48), heapOffset);
                BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(56), metaOffset);
                BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(64), metaBytes.Length);
                writer.Write(trailer);
                output.Write(writer.Hash());
                output.Flush(flushToDisk: true);
            }

            File.Move(tempPath, path, overwrite: true);
        }
        finally
        {
            foreach (var file in spills.Append(tempPath))
            {
                TryDelete(file);
            }
        }
    }

    /// <summary>Deletes temporary and spill files an earlier build left behind (called while holding the build lock).</summary>
    public static void DeleteLeftovers(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, ReplayIndexFile.FileName + ".*"))
        {
            var name = Path.GetFileName(file);
            if (name.Contains(TempMarker, StringComparison.Ordinal) || name.Contains(SpillMarker, StringComparison.Ordinal))
            {
                TryDelete(file);
            }
        }
    }

    /// <summary>Sorts the first <paramref name="count"/> entries and keeps each key's winner only; returns how many remain.</summary>
    private static int SortAndKeepWinners(ReplayIndexEntry[] chunk, int count)
    {
        Array.Sort(chunk, 0, count, Order);
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            if (kept == 0 || chunk[kept - 1].Key != chunk[i].Key)
            {
                chunk[kept++] = chunk[i];
            }
        }

        return kept;
    }

    private static async Task<string> SpillAsync(string path, string stamp, int number, ReplayIndexEntry[] chunk, int count, CancellationToken cancellationToken)
    {
        var spill = $"{path}{SpillMarker}{stamp}-{number}";
        await using var file = ReplayIndexFiles.CreateNew(spill);
        var buffer = new byte[ReplayIndexEntry.Size * 1024];
        for (var i = 0; i < count; i += 1024)
        {
            var n = Math.Min(1024, count - i);
            for (var j = 0; j < n; j++)
            {
                chunk[i + j].Write(buffer.AsSpan(j * ReplayIndexEntry.Size, ReplayIndexEntry.Size));
            }

            await file.WriteAsync(buffer.AsMemory(0, n * ReplayIndexEntry.Size), cancellationToken).ConfigureAwait(false);
        }

        return spill;
    }

    private static (long Written, List<UInt128> Fences) WriteEntries(HashingWriter writer, IEnumerable<ReplayIndexEntry> winners)
    {
        var fences = new List<UInt128>();
        var buffer = new byte[ReplayIndexEntry.Size];
        long written = 0;
        foreach (var entry in winners)
        {
            if (written % ReplayIndexFile.Stride == 0)
            {
                fences.Add(entry.Key);
            }

            entry.Write(buffer);
            writer.Write(buffer);
            written++;
        }

        return (written, fences);
    }

    /// <summary>Merges the sorted spill runs, keeping the first (winning) entry of each key.</summary>
    private static (long Written, List<UInt128> Fences) Merge(HashingWriter writer, List<string> spills)
    {
        var runs = spills.Select(ReplayIndexFiles.OpenRead).ToList();
        try
        {
            return WriteEntries(writer, Winners(runs));
        }
        finally
        {
            runs.ForEach(r => r.Dispose());
        }
    }

    private static IEnumerable<ReplayIndexEntry> Winners(List<FileStream> runs)
    {
        var queue = new PriorityQueue<int, ReplayIndexEntry>(Order);
        var buffer = new byte[ReplayIndexEntry.Size];
        for (var i = 0; i < runs.Count; i++)
        {
            if (TryNext(runs[i], buffer) is { } first)
            {
                queue.Enqueue(i, first);
            }
        }

        UInt128? last = null;
        while (queue.TryDequeue(out var run, out var entry))
        {
            if (last != entry.Key)
            {
                last = entry.Key;
                yield return entry;
            }

            if (TryNext(runs[run], buffer) is { } next)
            {
                queue.Enqueue(run, next);
            }
        }
    }

    private static ReplayIndexEntry? TryNext(FileStream run, byte[] buffer)
    {
        var read = run.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length ? ReplayIndexEntry.Read(buffer) : null;
    }

    private static void WriteKey(MemoryStream heap, string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        heap.Write(length);
        heap.Write(bytes);
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next build to remove.
        }
    }

    /// <summary>Writes to the index file while hashing every byte (the trailer's checksum).</summary>
    private sealed class HashingWriter(Stream output) : IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Position { get; private set; }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            _hash.AppendData(bytes);
            output.Write(bytes);
            Position += bytes.Length;
        }

        public byte[] Hash() => _hash.GetHashAndReset();

        public void Dispose() => _hash.Dispose();
    }
}

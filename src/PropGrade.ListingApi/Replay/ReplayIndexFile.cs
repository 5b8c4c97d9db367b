using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace PropGrade.ListingApi.Replay;

/// <summary>
/// The on-disk replay index of one run (<c>replay-v1.idx</c>), opened for lookups. Layout:
/// <list type="number">
/// <item>entries: <see cref="ReplayIndexEntry"/> × N (32 bytes each), sorted by key, one per distinct request URL;</item>
/// <item>fences: the key of every <see cref="Stride"/>-th entry (16 bytes each; kept in memory, so a lookup reads one block of entries);</item>
/// <item>groups: <see cref="ReplayGroupRef"/> × G (64 bytes each; kept in memory);</item>
/// <item>key heap: the groups' keys (length-prefixed UTF-8; read when a group must be named);</item>
/// <item>meta: <see cref="ReplayIndexMeta"/> as JSON (fingerprint of the raw data, segment names, integrity report);</item>
/// <item>trailer (128 bytes): magic <c>PGRIDX01</c>, version, counts, section offsets, and the SHA-256 of every byte before it.</item>
/// </list>
/// An index opens only when it is complete (trailer and hash check) and built from the raw data as it is now
/// (fingerprint); otherwise it is rebuilt. Lookups are positioned reads: thread-safe.
/// </summary>
internal sealed class ReplayIndexFile : IDisposable
{
    public const string FileName = "replay-v1.idx";
    public const int Stride = 128;
    public const int TrailerSize = 128;
    public const int Version = 1;

    private readonly SafeFileHandle _handle;
    private readonly UInt128[] _fences;
    private readonly byte[] _groups;
    private readonly long _heapOffset;

    private ReplayIndexFile(SafeFileHandle handle, long count, UInt128[] fences, byte[] groups, long heapOffset, ReplayIndexMeta meta, long length)
    {
        _handle = handle;
        Count = count;
        _fences = fences;
        _groups = groups;
        _heapOffset = heapOffset;
        Meta = meta;
        Length = length;
    }

    public static ReadOnlySpan<byte> Magic => "PGRIDX01"u8;

    /// <summary>Distinct request URLs the index answers.</summary>
    public long Count { get; }

    public int GroupCount => _groups.Length / ReplayGroupRef.Size;

    public ReplayIndexMeta Meta { get; }

    /// <summary>The index file's size in bytes.</summary>
    public long Length { get; }

    /// <summary>
    /// Opens <paramref name="path"/> when it is a complete, undamaged index built from raw data with
    /// <paramref name="fingerprint"/>; null when it is missing, torn, damaged, of another version or stale.
    /// </summary>
    public static ReplayIndexFile? TryOpen(string path, string fingerprint)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            var opened = TryRead(handle, fingerprint);
            if (opened is not null)
            {
                handle = null;
            }

            return opened;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            return null;
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <summary>The entry for <paramref name="url"/>, or null when the run holds no usable answer for it.</summary>
    public ReplayIndexEntry? Find(string url)
    {
        var key = ReplayIndexEntry.KeyOf(url);
        var block = LastAtMost(_fences, key);
        if (block < 0)
        {
            return null;
        }

        var first = (long)block * Stride;
        var count = (int)Math.Min(Stride, Count - first);
        Span<byte> buffer = stackalloc byte[Stride * ReplayIndexEntry.Size];
        buffer = buffer[..(count * ReplayIndexEntry.Size)];
        ReadExactly(_handle, buffer, first * ReplayIndexEntry.Size);
        int lo = 0, hi = count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var entry = ReplayIndexEntry.Read(buffer.Slice(mid * ReplayIndexEntry.Size, ReplayIndexEntry.Size));
            var order = entry.Key.CompareTo(key);
            if (order == 0)
            {
                return entry;
            }

            if (order < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return null;
    }

    public ReplayGroupRef Group(int ordinal) => ReplayGroupRef.Read(_groups.AsSpan(ordinal * ReplayGroupRef.Size, ReplayGroupRef.Size));

    /// <summary>The group key of <paramref name="group"/> (read from the key heap).</summary>
    public string GroupKey(ReplayGroupRef group)
    {
        Span<byte> length = stackalloc byte[4];
        ReadExactly(_handle, length, _heapOffset + group.KeyAt);
        var bytes = new byte[BinaryPrimitives.ReadInt32LittleEndian(length)];
        ReadExactly(_handle, bytes, _heapOffset + group.KeyAt + 4);
        return Encoding.UTF8.GetString(bytes);
    }

    public void Dispose() => _handle.Dispose();

    private static ReplayIndexFile? TryRead(SafeFileHandle handle, string fingerprint)
    {
        var length = RandomAccess.GetLength(handle);
        if (length < TrailerSize)
        {
            return null;
        }

        var trailer = new byte[TrailerSize];
        ReadExactly(handle, trailer, length - TrailerSize);
        if (!trailer.AsSpan(0, 8).SequenceEqual(Magic) || BinaryPrimitives.ReadInt32LittleEndian(trailer.AsSpan(8)) != Version
            || BinaryPrimitives.ReadInt32LittleEndian(trailer.AsSpan(12)) != Stride)
        {
            return null;
        }

        if (!HashOf(handle, length - SHA256.HashSizeInBytes).AsSpan().SequenceEqual(trailer.AsSpan(TrailerSize - SHA256.HashSizeInBytes)))
        {
            return null;
        }

        var count = BinaryPrimitives.ReadInt64LittleEndian(trailer.AsSpan(16));
        var groupCount = BinaryPrimitives.ReadInt32LittleEndian(trailer.AsSpan(24));
        var fencesOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer.AsSpan(32));
        var groupsOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer.AsSpan(40));
        var heapOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer.AsSpan(48));
        var metaOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer.AsSpan(56));
        var metaLength = BinaryPrimitives.ReadInt64LittleEndian(trailer.AsSpan(64));
        var fenceCount = (count + Stride - 1) / Stride;
        if (count < 0 || groupCount < 0 || fencesOffset != count * ReplayIndexEntry.Size || groupsOffset != fencesOffset + (fenceCount * 16)
            || heapOffset != groupsOffset + ((long)groupCount * ReplayGroupRef.Size) || metaOffset < heapOffset
            || metaLength is < 0 or > int.MaxValue || metaOffset + metaLength != length - TrailerSize)
        {
            return null;
        }

        var metaBytes = new byte[metaLength];
        ReadExactly(handle, metaBytes, metaOffset);
        var meta = JsonSerializer.Deserialize(metaBytes, ReplayJsonContext.Default.ReplayIndexMeta);
        if (meta is null || meta.Fingerprint != fingerprint)
        {
            return null;
        }

        var fenceBytes = new byte[fenceCount * 16];
        ReadExactly(handle, fenceBytes, fencesOffset);
        var fences = new UInt128[fenceCount];
        for (var i = 0; i < fences.Length; i++)
        {
            fences[i] = BinaryPrimitives.ReadUInt128BigEndian(fenceBytes.AsSpan(i * 16));
        }

        var groups = new byte[(long)groupCount * ReplayGroupRef.Size];
        ReadExactly(handle, groups, groupsOffset);
        return new ReplayIndexFile(handle, count, fences, groups, heapOffset, meta, length);
    }

    private static byte[] HashOf(SafeFileHandle handle, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        for (long at = 0; at < length;)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - at)), at);
            if (read == 0)
            {
                throw new IOException("The replay index ended early.");
            }

            hash.AppendData(buffer, 0, read);
            at += read;
        }

        return hash.GetHashAndReset();
    }

    private static int LastAtMost(UInt128[] fences, UInt128 key)
    {
        int lo = 0, hi = fences.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (fences[mid] <= key)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                throw new IOException("The replay index ended early.");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace PropGrade.Core.Audit;

/// <summary>
/// Turns a stored group's bytes into a <see cref="RawGroup"/>: checks them against a manifest line (exact length,
/// SHA-256, one commit marker naming the same group and count), or, for a segment without a manifest, reads the
/// committed groups it holds, unverified. Shared by every raw store so that they judge bytes the same way.
/// </summary>
public static class RawGroupDecoder
{
    /// <summary>The largest decompressed group accepted (a bound against a hostile gzip bomb).</summary>
    public const int MaxContentBytes = 1 << 30;

    /// <summary>SHA-256 of <paramref name="bytes"/>, lowercase hex (the manifest's form).</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A refused group, named by <paramref name="entry"/>.</summary>
    public static RawGroup Failed(RawManifestEntry entry, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new RawGroup(entry, RawGroupState.Failed, [], [], new RawGroupFailure(code, message));
    }

    /// <summary>
    /// Checks <paramref name="stored"/> (the bytes found at the manifest line's place, possibly fewer when the
    /// object ends early) against <paramref name="entry"/>. Verified only when every check holds; otherwise failed
    /// with the first check that did not.
    /// </summary>
    public static RawGroup Verify(RawManifestEntry entry, ReadOnlyMemory<byte> stored)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (stored.Length < entry.Length)
        {
            return Failed(entry, RawIntegrityCodes.Truncated, Invariant($"{stored.Length:N0} of its {entry.Length:N0} bytes are stored"));
        }

        stored = stored[..entry.Length];
        var hash = Sha256Hex(stored.Span);
        if (!string.Equals(hash, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return Failed(entry, RawIntegrityCodes.Sha256Mismatch, Invariant($"its {entry.Length:N0} bytes hash to {Short(hash)}, the manifest says {Short(entry.Sha256)}"));
        }

        if (!TryDecompress(stored, out var content, out var error))
        {
            return Failed(entry, RawIntegrityCodes.Unreadable, error!);
        }

        var records = new List<RawRecordSpan>(Math.Max(entry.Count, 0));
        var start = 0;
        while (start < content.Length)
        {
            var newline = content.AsSpan(start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                return Failed(entry, RawIntegrityCodes.Unreadable, "its last line has no newline");
            }

            var line = content.AsSpan(start, newline);
            if (RawExchangeSerializer.IsCommitMarker(line))
            {
                var marker = RawExchangeSerializer.TryParseMarker(line);
                if (start + newline + 1 != content.Length)
                {
                    return Failed(entry, RawIntegrityCodes.MarkerMismatch, "lines follow its commit marker");
                }

                if (marker is null || marker.Commit != entry.Group || marker.Count != entry.Count || records.Count != entry.Count)
                {
                    return Failed(entry, RawIntegrityCodes.MarkerMismatch, Invariant(
                        $"its commit marker names {(marker is null ? "nothing readable" : $"group {marker.Commit} with {marker.Count} records")} after {records.Count} records; the manifest says {entry.Group} with {entry.Count}"));
                }

                return new RawGroup(entry, RawGroupState.Verified, content, records, null);
            }

            if (line.Length > 0)
            {
                records.Add(new RawRecordSpan(start, newline));
            }

            start += newline + 1;
        }

        return Failed(entry, RawIntegrityCodes.MarkerMismatch, "it has no commit marker");
    }

    /// <summary>
    /// Checks a raw object that holds exactly one group (an S3 object) against its manifest line: an object of another
    /// length than the manifest says was replaced (<c>sha256_mismatch</c>), otherwise as <see cref="Verify"/>.
    /// </summary>
    public static RawGroup VerifyObject(RawManifestEntry entry, ReadOnlyMemory<byte> stored)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return stored.Length == entry.Length
            ? Verify(entry, stored)
            : Failed(entry, RawIntegrityCodes.Sha256Mismatch, Invariant($"the object holds {stored.Length:N0} bytes, the manifest says {entry.Length:N0} bytes hashing to {Short(entry.Sha256)}"));
    }

    /// <summary>
    /// Reads a gzip member found without a manifest (<paramref name="stored"/>, at <paramref name="offset"/> of
    /// <paramref name="segment"/>; concatenated members are read through). Keeps the records of every group closed by a
    /// commit marker whose count matches and whose lines parse, as the reader always did. Unverified when it ends
    /// cleanly after a commit marker; failed when it could not be read to its end (the committed groups before the
    /// damage are still returned in <see cref="RawGroup.Records"/>), so a caller can tell a torn tail from a clean one.
    /// </summary>
    public static RawGroup ReadUnverified(string segment, long offset, ReadOnlyMemory<byte> stored)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        var hash = Sha256Hex(stored.Span);
        var complete = TryDecompress(stored, out var content, out var error);
        var records = new List<RawRecordSpan>();
        var pending = new List<RawRecordSpan>();
        var groups = new List<string>();
        var start = 0;
        var clean = complete;
        while (start < content.Length)
        {
            var newline = content.AsSpan(start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                clean = false;
                error ??= "its last line has no newline";
                break;
            }

            var line = content.AsSpan(start, newline);
            if (RawExchangeSerializer.IsCommitMarker(line))
            {
                var marker = RawExchangeSerializer.TryParseMarker(line);
                if (marker is not null && marker.Count == pending.Count)
                {
                    records.AddRange(pending);
                    groups.Add(marker.Commit);
                }
                else
                {
                    clean = false;
                    error ??= "a commit marker disagrees with its records";
                }

                pending.Clear();
            }
            else if (line.Length > 0)
            {
                if (IsRecord(line))
                {
                    pending.Add(new RawRecordSpan(start, newline));
                }
                else
                {
                    // A line cut or damaged: its group has no trustworthy marker, so it is dropped with it.
                    pending.Clear();
                    clean = false;
                    error ??= "a line is not a raw record";
                }
            }

            start += newline + 1;
        }

        if (pending.Count > 0)
        {
            clean = false;
            error ??= "its last group has no commit marker";
        }

        var entry = new RawManifestEntry(segment, offset, stored.Length, groups.Count == 0 ? "(unknown)" : string.Join(',', groups), records.Count, hash, null);
        return clean && groups.Count > 0
            ? new RawGroup(entry, RawGroupState.Unverified, content, records, null)
            : new RawGroup(entry, RawGroupState.Failed, content, records, new RawGroupFailure(RawIntegrityCodes.Unreadable, error ?? "it holds no committed group"));
    }

    /// <summary>
    /// The committed groups read from a member found without a manifest before it ended early (a commit torn by a
    /// crash), as an unverified group: what the reader always kept of a torn tail.
    /// </summary>
    public static RawGroup Salvaged(RawGroup torn)
    {
        ArgumentNullException.ThrowIfNull(torn);
        return new RawGroup(torn.Entry, RawGroupState.Unverified, torn.Content, torn.Records, null);
    }

    private static bool IsRecord(ReadOnlySpan<byte> line)
    {
        try
        {
            RawExchangeSerializer.Deserialize(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Inflates one or more gzip members. False (with what was inflated before the damage in <paramref name="content"/>)
    /// when the data is not valid gzip to its end.
    /// </summary>
    private static bool TryDecompress(ReadOnlyMemory<byte> stored, out byte[] content, out string? error)
    {
        error = null;
        var bytes = stored.Span;
        if (bytes.Length < 18 || bytes[0] != 0x1f || bytes[1] != 0x8b)
        {
            content = [];
            error = "it does not start with a gzip header";
            return false;
        }

        // A member's last 4 bytes are its uncompressed size (mod 2^32): the buffer is usually exact from the start.
        var hint = BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]);
        var buffer = new byte[(int)Math.Clamp(hint + 1L, 256, 64L * 1024 * 1024)];
        var length = 0;
        using (var gzip = new GZipStream(AsStream(stored), CompressionMode.Decompress))
        {
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= MaxContentBytes)
                        {
                            error = Invariant($"it inflates to more than {MaxContentBytes:N0} bytes");
                            break;
                        }

                        Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, MaxContentBytes));
                    }

                    var read = gzip.Read(buffer, length, buffer.Length - length);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }
            catch (InvalidDataException ex)
            {
                error = "it is not valid gzip: " + ex.Message;
            }
        }

        if (length != buffer.Length)
        {
            Array.Resize(ref buffer, length);
        }

        content = buffer;
        return error is null;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

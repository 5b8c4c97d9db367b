using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PropGrade.ListingApi.Replay;

/// <summary>
/// One request key of the replay index (32 bytes on disk): the first 128 bits of SHA-256 of the request URL, and where
/// the stored record that answers it sits: the group (its ordinal in read order) and the record line's place in the
/// group's decompressed content. <see cref="Kind"/> says whether it is a usable answer or a final 404/400.
/// </summary>
internal readonly record struct ReplayIndexEntry(UInt128 Key, int Group, int Offset, int Length, byte Kind)
{
    public const int Size = 32;

    /// <summary>A stored <c>ok</c> answer (its body is mapped).</summary>
    public const byte Answer = 1;

    /// <summary>A stored final <c>fail:http_404</c> / <c>fail:http_400</c> (it fails the same way again).</summary>
    public const byte Refusal = 2;

    public static UInt128 KeyOf(string url)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(url), hash);
        return BinaryPrimitives.ReadUInt128BigEndian(hash);
    }

    /// <summary>
    /// The build order: by key; for one key the entry that wins first: any answer before any refusal, and the later
    /// stored record (higher group, then higher offset) first. So the first entry of a key is what reading every
    /// record in order and keeping "the last ok, else the last 404/400" gives.
    /// </summary>
    public static int Compare(ReplayIndexEntry a, ReplayIndexEntry b)
    {
        var byKey = a.Key.CompareTo(b.Key);
        if (byKey != 0)
        {
            return byKey;
        }

        var byKind = a.Kind.CompareTo(b.Kind);
        if (byKind != 0)
        {
            return byKind;
        }

        var byGroup = b.Group.CompareTo(a.Group);
        return byGroup != 0 ? byGroup : b.Offset.CompareTo(a.Offset);
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt128BigEndian(destination, Key);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], Group);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], Offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[24..], Length);
        destination[28] = Kind;
        destination[29..Size].Clear();
    }

    public static ReplayIndexEntry Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt128BigEndian(source),
        BinaryPrimitives.ReadInt32LittleEndian(source[16..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[20..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[24..]),
        source[28]);
}

using System.Buffers.Binary;

namespace PropGrade.ListingApi.Replay;

/// <summary>
/// A group of the replay index (64 bytes on disk): where its stored bytes are (segment by number, offset, length), the
/// SHA-256 they must hash to, its record count, whether a manifest vouched for it, and its key (in the key heap).
/// </summary>
internal readonly record struct ReplayGroupRef(int Segment, int Count, long Offset, int Length, bool Verified, long KeyAt, byte[] Sha256)
{
    public const int Size = 64;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, Segment);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], Count);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], Offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], Length);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], Verified ? 1 : 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], KeyAt);
        Sha256.CopyTo(destination[32..Size]);
    }

    public static ReplayGroupRef Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadInt32LittleEndian(source),
        BinaryPrimitives.ReadInt32LittleEndian(source[4..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[16..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[20..]) == 1,
        BinaryPrimitives.ReadInt64LittleEndian(source[24..]),
        source[32..Size].ToArray());
}

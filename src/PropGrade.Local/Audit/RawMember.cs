using PropGrade.Core.Audit;

namespace PropGrade.Local.Audit;

/// <summary>
/// A committed group on its way to a segment: its gzip member and what its manifest line says besides the place
/// (which the segment writer fills in).
/// </summary>
internal sealed record RawMember(byte[] Bytes, string GroupKey, int Count, string Sha256, IReadOnlyList<string> Agents)
{
    public static RawMember Of(string groupKey, IReadOnlyCollection<RawExchange> exchanges, byte[] bytes) =>
        new(bytes, groupKey, exchanges.Count, RawGroupDecoder.Sha256Hex(bytes), RawManifest.AgentsOf(exchanges));

    public RawManifestEntry At(string segment, long offset) => new(segment, offset, Bytes.Length, GroupKey, Count, Sha256, Agents);
}

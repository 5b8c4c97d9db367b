using System.Text;
using System.Text.RegularExpressions;
using PropGrade.Core.Audit;
using PropGrade.Local.Audit;

namespace PropGrade.Local.Tests.Support;

/// <summary>What an adversary (or a bad disk) does to a run's raw segments, for the integrity tests.</summary>
internal static partial class RawTamper
{
    /// <summary>The manifest lines of every segment of a run, in segment order.</summary>
    public static List<RawManifestEntry> Manifest(string rawDirectory) =>
        [.. Directory.GetFiles(rawDirectory, "*" + FileRawStore.ManifestExtension).Order(StringComparer.Ordinal)
            .SelectMany(m => RawManifest.Parse(File.ReadAllBytes(m)).Select(l => l.Entry!))];

    /// <summary>
    /// Rewrites every <c>list_price</c>/<c>sold_price</c> in the bodies of one stored group ×10 and puts the group back as a
    /// valid gzip member (with its commit marker) where it was; returns the new member's length.
    /// </summary>
    public static int PricesTimesTen(string rawDirectory, RawManifestEntry entry)
    {
        var path = Path.Combine(rawDirectory, entry.Segment);
        var segment = File.ReadAllBytes(path);
        var group = RawGroupDecoder.Verify(entry, segment.AsMemory((int)entry.Offset, entry.Length));
        var changed = group.Exchanges().Select(e => e with { Body = TimesTen(e.Body) }).ToArray();
        Assert.NotEqual(group.Exchanges().Select(e => Encoding.UTF8.GetString(e.Body)), changed.Select(e => Encoding.UTF8.GetString(e.Body)));
        var member = RawExchangeSerializer.SerializeGroup(entry.Group, changed);
        File.WriteAllBytes(path, [.. segment.AsSpan(0, (int)entry.Offset), .. member, .. segment.AsSpan((int)(entry.Offset + entry.Length))]);
        return member.Length;
    }

    /// <summary>Flips <paramref name="count"/> bytes of a file from <paramref name="offset"/>.</summary>
    public static void FlipBytes(string path, long offset, int count)
    {
        var bytes = File.ReadAllBytes(path);
        for (var i = 0; i < count; i++)
        {
            bytes[offset + i] ^= 0xA5;
        }

        File.WriteAllBytes(path, bytes);
    }

    private static byte[] TimesTen(byte[] body) =>
        Encoding.UTF8.GetBytes(Price().Replace(Encoding.UTF8.GetString(body), m => $"{m.Groups[1].Value}{m.Groups[2].Value}0"));

    [GeneratedRegex("(\"(?:sold_price|list_price|price)\":)([0-9]+)")]
    private static partial Regex Price();
}

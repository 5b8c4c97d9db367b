using System.Globalization;
using System.Text.Json;

namespace PropGrade.Core.Audit;

/// <summary>
/// The raw manifest format, shared by the local and the S3 store: UTF-8 JSON Lines, one <see cref="RawManifestEntry"/>
/// per committed group, appended (local: a sidecar <c>seg-….manifest.jsonl</c> per segment; S3: one object per group
/// under <c>runs/{runId}/raw-manifest/</c>) only after the group's bytes are durable. A last line without its newline
/// is a commit cut by a crash: its group was never acknowledged and is not read.
/// </summary>
public static class RawManifest
{
    /// <summary>One entry as one manifest line, newline included.</summary>
    public static byte[] SerializeLine(RawManifestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, RawExchangeJsonContext.Default.RawManifestEntry);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>
    /// Every complete line of a manifest, numbered from 1: its entry, or null when the line is not a valid entry (named
    /// in <see cref="RawManifestLine.Error"/>). An unterminated last line (a torn append) is left out.
    /// </summary>
    public static IReadOnlyList<RawManifestLine> Parse(ReadOnlySpan<byte> manifest)
    {
        var lines = new List<RawManifestLine>();
        var number = 0;
        while (!manifest.IsEmpty)
        {
            var newline = manifest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            number++;
            var line = manifest[..newline];
            manifest = manifest[(newline + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            lines.Add(TryParse(line, out var entry, out var error)
                ? new RawManifestLine(number, entry, null)
                : new RawManifestLine(number, null, error));
        }

        return lines;
    }

    /// <summary>The entry a group's commit appends: its member's place and hash, record count and agents.</summary>
    public static RawManifestEntry Describe(string segment, long offset, ReadOnlySpan<byte> member, string groupKey, IReadOnlyCollection<RawExchange> exchanges)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        return new RawManifestEntry(segment, offset, member.Length, groupKey, exchanges.Count, RawGroupDecoder.Sha256Hex(member), AgentsOf(exchanges));
    }

    /// <summary>The distinct advertiser ids of <paramref name="exchanges"/>, in first-seen order.</summary>
    public static IReadOnlyList<string> AgentsOf(IEnumerable<RawExchange> exchanges)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var agents = new List<string>();
        foreach (var exchange in exchanges)
        {
            if (exchange.AgentId?.ToString(CultureInfo.InvariantCulture) is { } id && seen.Add(id))
            {
                agents.Add(id);
            }
        }

        return agents;
    }

    private static bool TryParse(ReadOnlySpan<byte> line, out RawManifestEntry? entry, out string? error)
    {
        try
        {
            entry = JsonSerializer.Deserialize(line, RawExchangeJsonContext.Default.RawManifestEntry);
            error = entry is null || string.IsNullOrEmpty(entry.Segment) || string.IsNullOrEmpty(entry.Group)
                || string.IsNullOrEmpty(entry.Sha256) || entry.Offset < 0 || entry.Length <= 0 || entry.Count < 0
                ? "a field is missing or out of range"
                : null;
        }
        catch (JsonException ex)
        {
            entry = null;
            error = "not JSON: " + ex.Message;
        }

        if (error is not null)
        {
            entry = null;
            return false;
        }

        return true;
    }
}

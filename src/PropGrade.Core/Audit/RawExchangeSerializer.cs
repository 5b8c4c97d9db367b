using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace PropGrade.Core.Audit;

/// <summary>
/// The one raw audit format, shared by the local file store and the S3 store: a raw object (file or S3 object,
/// under <c>runs/{runId}/raw/</c>, named <c>*.jsonl.gz</c>) is one or more gzip members; each member is one
/// committed group: JSON Lines, one <see cref="RawExchange"/> per line (camelCase, body as base64), closed by a
/// commit marker line <c>{"$commit":"groupKey","count":N}</c>. Readers yield a group only once its marker has been
/// read, so a member torn by a crash is skipped. <c>zcat file | head -1 | jq</c> shows a record.
/// </summary>
public static class RawExchangeSerializer
{
    /// <summary>The file / object name suffix of raw objects.</summary>
    public const string FileExtension = ".jsonl.gz";

    private static readonly byte[] CommitPrefix = "{\"$commit\""u8.ToArray();

    /// <summary>One record as one line of UTF-8 JSON (without the newline).</summary>
    public static byte[] Serialize(RawExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return JsonSerializer.SerializeToUtf8Bytes(exchange, RawExchangeJsonContext.Default.RawExchange);
    }

    /// <summary>Parses one line written by <see cref="Serialize"/>.</summary>
    public static RawExchange Deserialize(ReadOnlySpan<byte> line) =>
        JsonSerializer.Deserialize(line, RawExchangeJsonContext.Default.RawExchange)
        ?? throw new JsonException("A raw exchange line was null.");

    /// <summary>
    /// Serializes a committed group as one complete gzip member (JSON Lines + commit marker). Appending members to
    /// a file or concatenating them yields a valid raw object.
    /// </summary>
    public static byte[] SerializeGroup(string groupKey, IReadOnlyCollection<RawExchange> exchanges, CompressionLevel level = CompressionLevel.Fastest)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupKey);
        ArgumentNullException.ThrowIfNull(exchanges);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            WriteGroup(gzip, groupKey, exchanges);
        }

        return output.ToArray();
    }

    /// <summary>Writes a group's JSON Lines and its commit marker, uncompressed, to <paramref name="destination"/>.</summary>
    public static void WriteGroup(Stream destination, string groupKey, IReadOnlyCollection<RawExchange> exchanges)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(exchanges);
        using var writer = new Utf8JsonWriter(destination);
        foreach (var exchange in exchanges)
        {
            JsonSerializer.Serialize(writer, exchange, RawExchangeJsonContext.Default.RawExchange);
            writer.Flush();
            writer.Reset();
            destination.WriteByte((byte)'\n');
        }

        JsonSerializer.Serialize(writer, new RawCommitMarker(groupKey, exchanges.Count), RawExchangeJsonContext.Default.RawCommitMarker);
        writer.Flush();
        destination.WriteByte((byte)'\n');
    }

    /// <summary>
    /// Reads every committed record of one raw object (a gzip stream of one or more members). Records of a group
    /// whose commit marker is missing or whose count disagrees (a torn tail after a crash) are skipped.
    /// </summary>
    public static async IAsyncEnumerable<RawExchange> ReadAsync(Stream compressed, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        await using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        var pending = new List<RawExchange>();
        var lines = new LineReader(gzip);
        while (true)
        {
            ReadOnlyMemory<byte> line;
            try
            {
                var next = await lines.ReadLineAsync(cancellationToken);
                if (next is null)
                {
                    yield break;
                }

                line = next.Value;
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                // A torn or corrupt tail: everything committed before it has been yielded.
                yield break;
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (line.Span.StartsWith(CommitPrefix))
            {
                var marker = TryParseMarker(line.Span);
                if (marker is not null && marker.Count == pending.Count)
                {
                    foreach (var exchange in pending)
                    {
                        yield return exchange;
                    }
                }

                pending.Clear();
                continue;
            }

            RawExchange? parsed;
            try
            {
                parsed = Deserialize(line.Span);
            }
            catch (JsonException)
            {
                // A line cut by a crash: its group has no marker either, so it is dropped with it.
                parsed = null;
            }

            if (parsed is null)
            {
                pending.Clear();
                continue;
            }

            pending.Add(parsed);
        }
    }

    /// <summary>
    /// The fields a reader needs to index a record (url, classification, status, agent), read without decoding the
    /// body. Null when the line is not a raw record.
    /// </summary>
    public static RawExchangeSummary? ReadSummary(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? url = null;
            string? classification = null;
            string? agentId = null;
            int? status = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("url"u8))
                {
                    reader.Read();
                    url = reader.GetString();
                }
                else if (reader.ValueTextEquals("classification"u8))
                {
                    reader.Read();
                    classification = reader.GetString();
                }
                else if (reader.ValueTextEquals("status"u8))
                {
                    reader.Read();
                    status = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
                }
                else if (reader.ValueTextEquals("agentId"u8))
                {
                    reader.Read();
                    agentId = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return url is null || classification is null ? null : new RawExchangeSummary(url, classification, status, agentId);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="line"/> is a commit marker line (<c>{"$commit":...</c>).</summary>
    internal static bool IsCommitMarker(ReadOnlySpan<byte> line) => line.StartsWith(CommitPrefix);

    internal static RawCommitMarker? TryParseMarker(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, RawExchangeJsonContext.Default.RawCommitMarker);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Splits a stream into '\n'-terminated lines without decoding them to strings.</summary>
    private sealed class LineReader(Stream source)
    {
        private byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;
        private bool _eof;

        public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var scanFrom = _start;
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
                if (newline >= 0)
                {
                    var line = new ReadOnlyMemory<byte>(_buffer, _start, newline - _start);
                    _start = newline + 1;
                    return line;
                }

                if (_eof)
                {
                    // An unterminated last line is a torn write: never a committed record.
                    return null;
                }

                scanFrom = _end;
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    scanFrom -= _start;
                    _end -= _start;
                    _start = 0;
                }

                if (_end == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var read = await source.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
                if (read == 0)
                {
                    _eof = true;
                }

                _end += read;
            }
        }
    }
}

using System.IO.Compression;
using System.Text.Json;
using PropGrade.Aws.Serialization;
using PropGrade.Core.Audit;

namespace PropGrade.Aws.Storage;

/// <summary>
/// A committed raw group as one gzip JSON Lines object: one <see cref="RawExchange"/> per line, body bytes base64.
/// </summary>
/// <remarks>
/// Stand-in until the client helper's shared serializer lands in <c>PropGrade.Core.Audit</c>: the S3 and local
/// stores must then use that one, so that re-grading reads either.
/// </remarks>
internal static class RawJsonLines
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static byte[] Encode(IEnumerable<RawExchange> exchanges)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (var e in exchanges)
            {
                JsonSerializer.Serialize(gzip, e, AwsJsonContext.Default.RawExchange);
                gzip.Write(NewLine);
            }
        }

        return buffer.ToArray();
    }

    public static IEnumerable<RawExchange> Decode(byte[] gzipped)
    {
        using var gzip = new GZipStream(new MemoryStream(gzipped, writable: false), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return JsonSerializer.Deserialize(line, AwsJsonContext.Default.RawExchange)
                    ?? throw new InvalidDataException("Empty raw exchange line.");
            }
        }
    }
}

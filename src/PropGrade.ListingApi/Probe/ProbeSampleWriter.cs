using System.Globalization;
using System.Text;
using PropGrade.Core.Audit;
using PropGrade.ListingApi.Secrets;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// Keeps each raw response as a sample file, <c>{directory}/NN-endpoint[-detail].json</c> (the body exactly as received,
/// the key removed in any form), and the report as <c>report.json</c>. The directory is created on the first write,
/// so a probe that sends nothing writes nothing.
/// </summary>
internal sealed class ProbeSampleWriter(string? directory, int digits)
{
    public string? Directory { get; } = directory;

    /// <summary>Writes one response body; returns the file name (or null when samples are not kept).</summary>
    public async Task<string?> WriteAsync(int number, string slug, RawExchange exchange, KeyScrubber scrubber, CancellationToken cancellationToken)
    {
        if (Directory is null)
        {
            return null;
        }

        System.IO.Directory.CreateDirectory(Directory);
        var extension = Extension(exchange);
        var name = string.Create(CultureInfo.InvariantCulture, $"{number.ToString("D" + digits, CultureInfo.InvariantCulture)}-{slug}{extension}");
        await File.WriteAllBytesAsync(Path.Combine(Directory, name), scrubber.Scrub(exchange.Body), cancellationToken);
        return name;
    }

    /// <summary>Writes <c>report.json</c> (already free of the key: every text in it went through the scrubber).</summary>
    public async Task<string?> WriteReportAsync(string json, KeyScrubber scrubber, CancellationToken cancellationToken)
    {
        if (Directory is null)
        {
            return null;
        }

        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, "report.json");
        await File.WriteAllTextAsync(path, scrubber.Scrub(json), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        return path;
    }

    /// <summary><c>agents-get-listings-forSold-1002345-p2</c> from a request URL: the path's words plus the detail.</summary>
    public static string Slug(string url, string? detail)
    {
        var path = url.Split('?', 2)[0].Trim('/');
        var slug = new StringBuilder(path.Length + 24);
        foreach (var c in path)
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        if (!string.IsNullOrEmpty(detail))
        {
            slug.Append('-');
            foreach (var c in detail)
            {
                slug.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
            }
        }

        return slug.ToString();
    }

    private static string Extension(RawExchange exchange)
    {
        var type = exchange.ResponseHeaders.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value ?? string.Empty;
        var body = exchange.Body.AsSpan().TrimStart(" \t\r\n"u8);
        if (type.Contains("html", StringComparison.OrdinalIgnoreCase) || (!body.IsEmpty && body[0] == (byte)'<'))
        {
            return ".html";
        }

        return !body.IsEmpty && body[0] is (byte)'{' or (byte)'[' ? ".json" : ".txt";
    }
}

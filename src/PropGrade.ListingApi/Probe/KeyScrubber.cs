using System.Text;
using System.Text.Json;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// Removes the API key from what the probe keeps, in every form a server could echo it: as is, URL-encoded (upper- and
/// lower-case hex, <c>+</c> for spaces), JSON-escaped, and base64 (standard and URL-safe, at each of the three byte
/// alignments it can have inside a longer encoded value, so <c>base64("user:" + key)</c> loses it too). Each occurrence
/// becomes <c>***</c>. The client already leaves the key out of URLs and drops secret headers; this also covers bodies.
/// </summary>
internal sealed class KeyScrubber
{
    public const string Mask = "***";

    private static readonly byte[] MaskBytes = Encoding.UTF8.GetBytes(Mask);
    private readonly string[] _forms;
    private readonly byte[][] _byteForms;

    public KeyScrubber(string? key)
    {
        _forms = string.IsNullOrEmpty(key) ? [] : [.. Forms(key).OrderByDescending(f => f.Length)];
        _byteForms = [.. _forms.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>The forms searched for (longest first); empty without a key.</summary>
    public IReadOnlyList<string> Patterns => _forms;

    public string Scrub(string text)
    {
        foreach (var form in _forms)
        {
            text = text.Replace(form, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    public byte[] Scrub(byte[] bytes)
    {
        foreach (var form in _byteForms)
        {
            if (bytes.AsSpan().IndexOf(form) >= 0)
            {
                bytes = Replace(bytes, form);
            }
        }

        return bytes;
    }

    /// <summary>Every form of <paramref name="key"/> that could appear in a response (distinct, at least 4 characters).</summary>
    internal static IEnumerable<string> Forms(string key)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal) { key };
        var escaped = Uri.EscapeDataString(key);
        forms.Add(escaped);
        forms.Add(LowerHex(escaped));
        forms.Add(escaped.Replace("%20", "+", StringComparison.Ordinal));
        var json = JsonEncodedText.Encode(key).ToString();
        forms.Add(json);
        var bytes = Encoding.UTF8.GetBytes(key);
        for (var alignment = 0; alignment < 3; alignment++)
        {
            // Inside a longer base64 value the key's bytes start at some offset mod 3; the groups made only of key bytes
            // encode the same way whatever surrounds them.
            var skip = (3 - alignment) % 3;
            if (bytes.Length - skip < 3)
            {
                continue;
            }

            var whole = (bytes.Length - skip) / 3 * 3;
            var core = Convert.ToBase64String(bytes, skip, whole);
            forms.Add(core);
            forms.Add(core.Replace('+', '-').Replace('/', '_'));
        }

        var full = Convert.ToBase64String(bytes);
        forms.Add(full);
        forms.Add(full.TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        return forms.Where(f => f.Length >= 4 || f == key);
    }

    private static string LowerHex(string escaped)
    {
        var builder = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '%' && i + 2 < escaped.Length)
            {
                builder.Append('%').Append(char.ToLowerInvariant(escaped[i + 1])).Append(char.ToLowerInvariant(escaped[i + 2]));
                i += 2;
            }
            else
            {
                builder.Append(escaped[i]);
            }
        }

        return builder.ToString();
    }

    private static byte[] Replace(byte[] bytes, byte[] form)
    {
        using var output = new MemoryStream(bytes.Length);
        var rest = bytes.AsSpan();
        int at;
        while ((at = rest.IndexOf(form)) >= 0)
        {
            output.Write(rest[..at]);
            output.Write(MaskBytes);
            rest = rest[(at + form.Length)..];
        }

        output.Write(rest);
        return output.ToArray();
    }
}

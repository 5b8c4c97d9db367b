using System.Buffers;
using System.Globalization;
using System.Text;

namespace PropGrade.ListingApi.Secrets;

/// <summary>
/// Removes the API key from anything the client keeps (raw response bodies and headers, error messages) and from what
/// the probe keeps, in every form a server could echo it. Each occurrence becomes <see cref="Mask"/>. The one scrubber
/// of the listing client (<see cref="ListingApiClient"/>), <see cref="Resilience.HeaderSanitizer"/> and the probe.
/// <list type="bullet">
/// <item>Text forms, character by character and in any mix: as is; URL-encoded (<c>%2B</c> or <c>%2b</c>, doubly
/// encoded <c>%252B</c>, <c>+</c> for a space); JSON-escaped (<c>\u002B</c> in either case, <c>\/</c>, <c>\"</c>,
/// <c>\\</c>); HTML character references (<c>&amp;#43;</c>, <c>&amp;#x2B;</c>).</item>
/// <item>Base64 of the key's UTF-8 bytes: standard and URL-safe, with and without padding, and at each of the three
/// byte alignments it can have inside a longer encoded value (<c>base64("user:" + key)</c> loses it too); the
/// base64's own <c>+ / =</c> may themselves be URL- or JSON-escaped.</item>
/// <item>A body cut short in the middle of the key (a timeout, a reset): a trailing prefix of at least
/// <see cref="MinTailPrefix"/> characters of the key or of its base64 is masked too.</item>
/// </list>
/// Bytes are matched as bytes (the key's UTF-8, its encodings in ASCII), so a body is never decoded, a body that is not
/// UTF-8 is kept byte for byte, and a body without the key is returned as is without a copy. Not covered: the key in
/// hex, in another character set than UTF-8, compressed, split by line breaks, or changed in case. Thread-safe; build
/// one per key.
/// </summary>
internal sealed class KeyScrubber
{
    /// <summary>What each occurrence of the key becomes.</summary>
    public const string Mask = "***";

    /// <summary>The shortest prefix of the key (or of its base64) masked at the end of a cut-short text.</summary>
    public const int MinTailPrefix = 8;

    private static readonly byte[] MaskBytes = Encoding.ASCII.GetBytes(Mask);

    private readonly string? _key;
    private readonly KeyPattern<char>? _chars;
    private readonly KeyPattern<byte>? _bytes;

    public KeyScrubber(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        _key = key;
        var base64 = Base64Forms(Encoding.UTF8.GetBytes(key)).ToList();
        var textUnits = new List<string[]>[] { [.. Runes(key).Select(r => TextAlternatives(r, asBytes: false))] };
        var byteUnits = new List<string[]>[] { [.. Runes(key).Select(r => TextAlternatives(r, asBytes: true))] };
        var base64Units = base64.Select(f => f.Select(Base64Alternatives).ToList()).ToList();

        var charForms = textUnits.Concat(base64Units).Select(f => f.Select(u => u.Select(a => a.ToCharArray()).ToArray()).ToArray()).ToArray();
        var charLiterals = base64.Append(key).Where(f => f.Length > MinTailPrefix).Select(f => f.ToCharArray()).ToArray();
        _chars = new KeyPattern<char>(charForms, SearchValues.Create([.. Starts(charForms)]), charLiterals, MinTailPrefix);

        // In the byte view, each alternative is a string of byte values (the key's UTF-8 as Latin-1, the rest ASCII).
        var byteForms = byteUnits.Concat(base64Units).Select(f => f.Select(u => u.Select(Encoding.Latin1.GetBytes).ToArray()).ToArray()).ToArray();
        var byteLiterals = base64.Select(Encoding.ASCII.GetBytes).Append(Encoding.UTF8.GetBytes(key)).Where(f => f.Length > MinTailPrefix).ToArray();
        _bytes = new KeyPattern<byte>(byteForms, SearchValues.Create([.. Starts(byteForms)]), byteLiterals, MinTailPrefix);
    }

    /// <summary>A scrubber that changes nothing (no key known).</summary>
    public static KeyScrubber None { get; } = new(null);

    /// <summary>True when there is no key to remove.</summary>
    public bool IsEmpty => _key is null;

    /// <summary>Whether this scrubber removes <paramref name="key"/> (so a client can keep one per key).</summary>
    public bool IsFor(string? key) => string.Equals(_key, string.IsNullOrEmpty(key) ? null : key, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="text"/> holds the key in some form (or ends with a long prefix of it).</summary>
    public bool Holds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _chars is not null && (_chars.Next(text, 0, out _) >= 0 || _chars.TailPrefix(text) > 0);
    }

    /// <summary><paramref name="text"/> with every form of the key masked (the same instance when there is none).</summary>
    public string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_chars is null)
        {
            return text;
        }

        var span = text.AsSpan();
        var first = _chars.Next(span, 0, out var length);
        var tail = _chars.TailPrefix(span);
        if (first < 0 && tail == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var done = 0;
        for (var at = first; at >= 0; at = _chars.Next(span, done, out length))
        {
            builder.Append(span[done..at]).Append(Mask);
            done = at + length;
        }

        var rest = span[done..];
        var cut = _chars.TailPrefix(rest);
        return builder.Append(rest[..^cut]).Append(cut > 0 ? Mask : "").ToString();
    }

    /// <summary><paramref name="bytes"/> with every form of the key masked (the same array when there is none).</summary>
    public byte[] Scrub(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (_bytes is null)
        {
            return bytes;
        }

        var span = bytes.AsSpan();
        var first = _bytes.Next(span, 0, out var length);
        if (first < 0 && _bytes.TailPrefix(span) == 0)
        {
            return bytes;
        }

        using var output = new MemoryStream(bytes.Length);
        var done = 0;
        for (var at = first; at >= 0; at = _bytes.Next(span, done, out length))
        {
            output.Write(span[done..at]);
            output.Write(MaskBytes);
            done = at + length;
        }

        var rest = span[done..];
        var cut = _bytes.TailPrefix(rest);
        output.Write(rest[..^cut]);
        if (cut > 0)
        {
            output.Write(MaskBytes);
        }

        return output.ToArray();
    }

    /// <summary>
    /// The base64 forms of <paramref name="bytes"/>: whole (padded or not, standard or URL-safe), and the part made only
    /// of the key's bytes at each alignment inside a longer value (the groups of three key bytes encode the same way
    /// whatever surrounds them). Forms shorter than 4 characters are left out (they would mask ordinary text).
    /// </summary>
    internal static IEnumerable<string> Base64Forms(byte[] bytes)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal);
        var full = Convert.ToBase64String(bytes);
        forms.Add(full);
        forms.Add(full.TrimEnd('='));
        for (var skip = 0; skip < 3; skip++)
        {
            var whole = (bytes.Length - skip) / 3 * 3;
            if (whole >= 3)
            {
                forms.Add(Convert.ToBase64String(bytes, skip, whole));
            }
        }

        foreach (var form in forms.ToList())
        {
            forms.Add(form.Replace('+', '-').Replace('/', '_'));
        }

        return forms.Where(f => f.Length >= 4).OrderByDescending(f => f.Length);
    }

    private static IEnumerable<T> Starts<T>(T[][][][] forms) =>
        forms.SelectMany(f => f[0]).Where(a => a.Length > 0).Select(a => a[0]).Distinct();

    /// <summary>The code points of <paramref name="key"/> as strings; a lone surrogate stands for itself.</summary>
    private static IEnumerable<string> Runes(string key)
    {
        for (var i = 0; i < key.Length;)
        {
            var length = char.IsHighSurrogate(key[i]) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]) ? 2 : 1;
            yield return key.Substring(i, length);
            i += length;
        }
    }

    /// <summary>
    /// Every way one character of the key can be written, longest first. <paramref name="asBytes"/>: the character as
    /// such is its UTF-8 bytes (one per <see cref="char"/>, for the byte view).
    /// </summary>
    private static string[] TextAlternatives(string character, bool asBytes)
    {
        var alternatives = new List<string>();
        var utf8 = Encoding.UTF8.GetBytes(character);
        alternatives.Add(asBytes ? Encoding.Latin1.GetString(utf8) : character);
        var percent = string.Concat(utf8.Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture)));
        alternatives.AddRange(CaseVariants(percent));
        alternatives.AddRange(CaseVariants(percent.Replace("%", "%25", StringComparison.Ordinal)));
        if (character == " ")
        {
            alternatives.Add("+");
        }

        alternatives.AddRange(CaseVariants(string.Concat(character.Select(c => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)))));
        alternatives.AddRange(character switch
        {
            "/" => ["\\/"],
            "\"" => ["\\\""],
            "\\" => ["\\\\"],
            _ => [],
        });
        if (!(character.Length == 1 && char.IsSurrogate(character[0])))
        {
            var codePoint = char.ConvertToUtf32(character, 0);
            alternatives.Add("&#" + codePoint.ToString(CultureInfo.InvariantCulture) + ";");
            alternatives.AddRange(CaseVariants("&#x" + codePoint.ToString("X", CultureInfo.InvariantCulture) + ";"));
        }

        // A server that JSON-serialises an already encoded value escapes '+' and '&' (System.Text.Json's default does).
        alternatives.AddRange([.. alternatives.Where(a => a.Length > 1 && a.Contains('+', StringComparison.Ordinal) || a.StartsWith('&')).SelectMany(JsonEscaped)]);
        if (character == " ")
        {
            alternatives.AddRange(["\\u002B", "\\u002b"]);
        }

        return [.. alternatives.Distinct(StringComparer.Ordinal).OrderByDescending(a => a.Length)];
    }

    private static IEnumerable<string> JsonEscaped(string alternative) =>
        CaseVariants(alternative.Replace("+", "\\u002B", StringComparison.Ordinal).Replace("&", "\\u0026", StringComparison.Ordinal));

    /// <summary>One character of a base64 form: <c>+ / =</c> also URL- and JSON-escaped.</summary>
    private static string[] Base64Alternatives(char c) => c switch
    {
        '+' => ["\\u002B", "\\u002b", "%2B", "%2b", "+"],
        '/' => ["\\u002F", "\\u002f", "%2F", "%2f", "\\/", "/"],
        '=' => ["\\u003D", "\\u003d", "%3D", "%3d", "="],
        _ => [c.ToString()],
    };

    /// <summary>Every upper/lower-case spelling of the hex letters (A-F) in an escape; <c>x</c>/<c>X</c> too.</summary>
    private static IEnumerable<string> CaseVariants(string escape)
    {
        IEnumerable<string> variants = [""];
        foreach (var c in escape)
        {
            var choices = c is >= 'A' and <= 'F' or 'x' ? new[] { c.ToString(), c == 'x' ? "X" : char.ToLowerInvariant(c).ToString() } : [c.ToString()];
            variants = variants.SelectMany(v => choices.Select(choice => v + choice)).ToList();
        }

        return variants;
    }
}

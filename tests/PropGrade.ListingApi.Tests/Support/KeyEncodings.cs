using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PropGrade.ListingApi.Tests.Support;

/// <summary>
/// The forms a server could echo an API key in, written independently of the scrubber (with the framework's own
/// encoders), so a test can look for each one in what was kept.
/// </summary>
internal static class KeyEncodings
{
    /// <summary>Name → the key in that encoding (distinct forms only).</summary>
    public static IReadOnlyDictionary<string, string> All(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        var base64 = Convert.ToBase64String(bytes);
        var forms = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["plain"] = key,
            ["url"] = Uri.EscapeDataString(key),
            ["url lower-case hex"] = LowerHex(Uri.EscapeDataString(key)),
            ["url form (+ for space)"] = WebUtility.UrlEncode(key),
            ["url twice"] = Uri.EscapeDataString(Uri.EscapeDataString(key)),
            ["json default encoder"] = JsonEncodedText.Encode(key).ToString(),
            ["json relaxed encoder"] = JsonEncodedText.Encode(key, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
            ["json escaped slashes"] = JsonEncodedText.Encode(key, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString().Replace("/", "\\/", StringComparison.Ordinal),
            ["json lower-case \\u"] = LowerEscapes(JsonEncodedText.Encode(key).ToString()),
            ["html"] = WebUtility.HtmlEncode(key).Replace("+", "&#43;", StringComparison.Ordinal),
            ["base64"] = base64,
            ["base64 unpadded"] = base64.TrimEnd('='),
            ["base64url"] = base64.Replace('+', '-').Replace('/', '_'),
            ["base64url unpadded"] = base64.TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            ["base64 url-encoded"] = Uri.EscapeDataString(base64),
            ["base64 in json (escaped slashes)"] = base64.Replace("/", "\\/", StringComparison.Ordinal),
        };
        foreach (var prefix in (string[])["u", "u:"])
        {
            var whole = Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + key + ":x"));
            var core = KeyPart(whole, prefix.Length, bytes.Length);
            forms[$"base64 after {prefix.Length} byte(s)"] = core;
            forms[$"base64url after {prefix.Length} byte(s)"] = core.Replace('+', '-').Replace('/', '_');
        }

        return forms.Where(f => f.Value.Length >= 4).GroupBy(f => f.Value, StringComparer.Ordinal).ToDictionary(g => g.First().Key, g => g.Key, StringComparer.Ordinal);
    }

    /// <summary>The characters of a base64 value that encode only the key's bytes (whole groups of three).</summary>
    private static string KeyPart(string base64, int keyOffset, int keyLength)
    {
        var firstGroup = (keyOffset + 2) / 3;
        var endGroup = (keyOffset + keyLength) / 3;
        return base64[(firstGroup * 4)..(endGroup * 4)];
    }

    private static string LowerHex(string escaped) =>
        System.Text.RegularExpressions.Regex.Replace(escaped, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());

    private static string LowerEscapes(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, @"\\u[0-9A-F]{4}", m => m.Value.ToLowerInvariant());
}

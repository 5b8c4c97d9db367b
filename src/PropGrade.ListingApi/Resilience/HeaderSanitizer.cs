using System.Net.Http.Headers;
using PropGrade.ListingApi.Secrets;

namespace PropGrade.ListingApi.Resilience;

/// <summary>
/// Copies response headers for the audit record: headers that carry credentials by design are left out; in every other
/// header the API key, in any form <see cref="KeyScrubber"/> knows (plain, URL-encoded, base64, JSON-escaped), is masked
/// (the header stays, so the record still shows that the server echoed something); a header whose name holds the key is
/// left out.
/// </summary>
internal static class HeaderSanitizer
{
    private static readonly HashSet<string> Secret = new(StringComparer.OrdinalIgnoreCase)
    {
        "X-RapidAPI-Key",
        "X-RapidAPI-Proxy-Secret",
        "Authorization",
        "Proxy-Authorization",
        "Cookie",
        "Set-Cookie",
        "X-Api-Key",
        "X-Amz-Security-Token",
        "X-Aws-Parameters-Secrets-Token",
    };

    public static IReadOnlyDictionary<string, string> Copy(HttpResponseMessage response, KeyScrubber scrubber)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(scrubber);
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Add(copy, response.Headers, scrubber);
        Add(copy, response.Content.Headers, scrubber);
        return copy;
    }

    public static bool IsSecret(string headerName) => Secret.Contains(headerName);

    private static void Add(Dictionary<string, string> copy, HttpHeaders headers, KeyScrubber scrubber)
    {
        foreach (var (name, values) in headers.NonValidated)
        {
            if (IsSecret(name) || scrubber.Holds(name))
            {
                continue;
            }

            var value = values.Count == 1 ? values.ToString() : string.Join(", ", values);
            copy[name] = scrubber.Scrub(value);
        }
    }
}

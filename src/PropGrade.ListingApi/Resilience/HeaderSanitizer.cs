using System.Net.Http.Headers;

namespace PropGrade.ListingApi.Resilience;

/// <summary>Copies response headers for the audit record, leaving out anything that can carry a secret.</summary>
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

    public static IReadOnlyDictionary<string, string> Copy(HttpResponseMessage response, string apiKey)
    {
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Add(copy, response.Headers, apiKey);
        Add(copy, response.Content.Headers, apiKey);
        return copy;
    }

    public static bool IsSecret(string headerName) => Secret.Contains(headerName);

    private static void Add(Dictionary<string, string> copy, HttpHeaders headers, string apiKey)
    {
        foreach (var (name, values) in headers.NonValidated)
        {
            if (IsSecret(name))
            {
                continue;
            }

            var value = values.Count == 1 ? values.ToString() : string.Join(", ", values);
            if (apiKey.Length > 0 && value.Contains(apiKey, StringComparison.Ordinal))
            {
                continue;
            }

            copy[name] = value;
        }
    }
}

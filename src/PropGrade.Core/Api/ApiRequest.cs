namespace PropGrade.Core.Api;

/// <summary>
/// One HTTP request as the runs API sees it, independent of the host (ASP.NET Core locally, API Gateway + Lambda on
/// AWS). <see cref="Path"/> is the route path without any stage prefix or query string, e.g. <c>/runs/abc</c>.
/// Header names compare case-insensitively.
/// </summary>
public sealed record ApiRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body)
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    /// <summary>Builds a request, copying the headers into a case-insensitive dictionary.</summary>
    public static ApiRequest Create(
        string method,
        string path,
        IEnumerable<KeyValuePair<string, string>>? query = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        ReadOnlyMemory<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var headerMap = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers ?? [])
        {
            headerMap[name] = value;
        }

        var queryMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in query ?? [])
        {
            queryMap[name] = value;
        }

        return new ApiRequest(method.ToUpperInvariant(), path, queryMap.Count == 0 ? Empty : queryMap, headerMap, body);
    }

    /// <summary>The header's value, or null (case-insensitive even when the host passed a plain dictionary).</summary>
    public string? Header(string name)
    {
        if (Headers.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var (key, v) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }

        return null;
    }
}

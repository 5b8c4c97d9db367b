using System.Text;
using System.Text.Json.Nodes;

namespace PropGrade.Simulator.Api;

/// <summary>
/// The <c>echo-key</c> drift (<see cref="DriftNames.EchoKey"/>): a careless provider that repeats the caller's API key,
/// as is, base64- and URL-encoded, in a header and in its error messages.
/// </summary>
internal static class KeyEcho
{
    public const string Header = "X-Echo-Key";

    /// <summary><c>b64=&lt;base64(key)&gt;; url=&lt;url-encoded key&gt;; basic=&lt;base64("user:" + key)&gt;</c>.</summary>
    public static string HeaderValue(string key) =>
        $"b64={Base64(key)}; url={Uri.EscapeDataString(key)}; basic={Base64("user:" + key)}";

    /// <summary>
    /// An error body <c>{"message": m}</c> with <c>m + " (key K, base64 B, url U)"</c>; a body of another shape, or an
    /// empty key, is returned as is.
    /// </summary>
    public static byte[] InMessage(byte[] body, string key)
    {
        if (key.Length == 0)
        {
            return body;
        }

        try
        {
            if (JsonNode.Parse(body) is JsonObject { } json && json["message"]?.GetValue<string>() is { } message)
            {
                json["message"] = $"{message} (key {key}, base64 {Base64(key)}, url {Uri.EscapeDataString(key)})";
                return Encoding.UTF8.GetBytes(json.ToJsonString());
            }
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            // Not a message body: left as is.
        }

        return body;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}

using System.Text.Json;
using PropGrade.Aws.Serialization;
using PropGrade.Core.Secrets;

namespace PropGrade.Aws.Secrets;

/// <summary>
/// Reads the listing API key from Secrets Manager through the AWS Parameters and Secrets Lambda Extension
/// (<c>GET {endpoint}/secretsmanager/get?secretId=…</c> with <c>X-Aws-Parameters-Secrets-Token</c>) and caches it
/// for <see cref="ExtensionSecretProviderOptions.CacheFor"/>. The secret may be the bare key or a JSON object
/// holding it under <see cref="ExtensionSecretProviderOptions.JsonKey"/>. The key is never logged or put in an
/// exception message.
/// </summary>
public sealed class ExtensionSecretProvider : IApiKeyProvider, IDisposable
{
    public const string TokenHeader = "X-Aws-Parameters-Secrets-Token";

    private readonly HttpClient http;
    private readonly ExtensionSecretProviderOptions options;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Key, DateTimeOffset Until)? cached;

    public ExtensionSecretProvider(HttpClient http, ExtensionSecretProviderOptions options, TimeProvider time)
    {
        this.http = http ?? throw new ArgumentNullException(nameof(http));
        this.options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        this.time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public async ValueTask<string> GetApiKeyAsync(CancellationToken cancellationToken)
    {
        if (cached is { } hit && time.GetUtcNow() < hit.Until)
        {
            return hit.Key;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (cached is { } again && time.GetUtcNow() < again.Until)
            {
                return again.Key;
            }

            var key = await FetchAsync(cancellationToken);
            cached = (key, time.GetUtcNow() + options.CacheFor);
            return key;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(options.Endpoint, "/secretsmanager/get?secretId=" + Uri.EscapeDataString(options.SecretId));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation(TokenHeader, options.SessionToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new SecretUnavailableException($"The secrets extension at {options.Endpoint} did not answer.", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                // The body of an error carries no secret, but it is not needed either: the status says enough.
                throw new SecretUnavailableException($"The secrets extension refused secret '{options.SecretId}': HTTP {(int)response.StatusCode}.");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            SecretValueResponse? value;
            try
            {
                value = JsonSerializer.Deserialize(body, AwsJsonContext.Default.SecretValueResponse);
            }
            catch (JsonException)
            {
                throw new SecretUnavailableException("The secrets extension answered with malformed JSON.");
            }

            return ExtractKey(value?.SecretString)
                ?? throw new SecretUnavailableException($"Secret '{options.SecretId}' has no usable string value.");
        }
    }

    private string? ExtractKey(string? secretString)
    {
        if (string.IsNullOrWhiteSpace(secretString))
        {
            return null;
        }

        var trimmed = secretString.Trim();
        if (!trimmed.StartsWith('{'))
        {
            return trimmed;
        }

        try
        {
            using var doc = JsonDocument.Parse(trimmed);
            return doc.RootElement.TryGetProperty(options.JsonKey, out var key) && key.ValueKind == JsonValueKind.String
                ? key.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

namespace PropGrade.Aws.Secrets;

/// <summary>Settings of <see cref="ExtensionSecretProvider"/>.</summary>
public sealed record ExtensionSecretProviderOptions
{
    /// <summary>The secret's ARN or name (from <c>PROPGRADE_API_KEY_SECRET_ID</c>). Required.</summary>
    public required string SecretId { get; init; }

    /// <summary>The extension's local endpoint. Default <c>http://localhost:2773</c> (the extension's default port).</summary>
    public Uri Endpoint { get; init; } = new("http://localhost:2773");

    /// <summary>Sent as <c>X-Aws-Parameters-Secrets-Token</c>: the function's <c>AWS_SESSION_TOKEN</c>. Required.</summary>
    public required string SessionToken { get; init; }

    /// <summary>How long a fetched key is reused before asking the extension again. Default 5 minutes.</summary>
    public TimeSpan CacheFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>JSON property holding the key when the secret is a JSON object. Default <c>apiKey</c>.</summary>
    public string JsonKey { get; init; } = "apiKey";

    public ExtensionSecretProviderOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(SecretId))
        {
            throw new ArgumentException("SecretId is required.", nameof(SecretId));
        }

        if (string.IsNullOrEmpty(SessionToken))
        {
            throw new ArgumentException("SessionToken (AWS_SESSION_TOKEN) is required.", nameof(SessionToken));
        }

        if (CacheFor < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CacheFor), CacheFor, "Must not be negative.");
        }

        return this;
    }
}

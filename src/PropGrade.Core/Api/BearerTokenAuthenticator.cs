using System.Security.Cryptography;
using System.Text;

namespace PropGrade.Core.Api;

/// <summary>
/// Accepts <c>Authorization: Bearer &lt;token&gt;</c> when the token equals the expected one. The comparison runs
/// over SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither the content nor the
/// length of the expected token leaks through timing.
/// </summary>
public sealed class BearerTokenAuthenticator : IApiAuthenticator
{
    private const string Scheme = "Bearer ";
    private readonly byte[] _expectedDigest;

    public BearerTokenAuthenticator(string expectedToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedToken);
        _expectedDigest = SHA256.HashData(Encoding.UTF8.GetBytes(expectedToken));
    }

    /// <summary>A fresh random token: 32 bytes from the OS generator, base64url without padding (43 characters).</summary>
    public static string GenerateToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public ValueTask<bool> IsAuthenticatedAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Header("Authorization");
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult(false);
        }

        var token = header.AsSpan(Scheme.Length).Trim();
        if (token.IsEmpty)
        {
            return ValueTask.FromResult(false);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(token.ToString());
        SHA256.HashData(bytes, digest);
        return ValueTask.FromResult(CryptographicOperations.FixedTimeEquals(digest, _expectedDigest));
    }
}

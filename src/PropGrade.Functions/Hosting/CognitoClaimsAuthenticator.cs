using System.Text.Json;
using PropGrade.Core.Api;

namespace PropGrade.Functions.Hosting;

/// <summary>
/// On AWS the API Gateway Cognito authorizer has verified the token before the Lambda runs; the adapter passes its
/// claims along in a header only it can set. A request without a subject claim is refused (defence in depth).
/// </summary>
internal sealed class CognitoClaimsAuthenticator : IApiAuthenticator
{
    public const string SubjectHeader = "x-propgrade-authorizer-sub";

    public ValueTask<bool> IsAuthenticatedAsync(ApiRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(!string.IsNullOrEmpty(request.Header(SubjectHeader)));

    /// <summary>The authorizer's <c>claims.sub</c>, or null.</summary>
    public static string? Subject(ApiGatewayRequestContext? context)
    {
        if (context?.Authorizer is not { ValueKind: JsonValueKind.Object } authorizer)
        {
            return null;
        }

        return authorizer.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Object &&
               claims.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String
            ? sub.GetString()
            : null;
    }
}

namespace PropGrade.Core.Api;

/// <summary>
/// Decides whether a request may use the API. Locally: a bearer token compared in constant time
/// (<see cref="BearerTokenAuthenticator"/>). On AWS the API Gateway Cognito authorizer has already checked the
/// caller, so the Lambda adapter's authenticator trusts the authorizer's claims.
/// </summary>
public interface IApiAuthenticator
{
    ValueTask<bool> IsAuthenticatedAsync(ApiRequest request, CancellationToken cancellationToken);
}

using System.Text;
using PropGrade.Core.Api;

namespace PropGrade.Functions.Hosting;

/// <summary>Proxy event ↔ the framework-neutral <see cref="ApiRequest"/>/<see cref="ApiResponse"/> of <see cref="RunsApi"/>.</summary>
internal static class ApiGatewayAdapter
{
    public static ApiRequest ToApiRequest(ApiGatewayProxyRequest proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in proxy.Headers ?? [])
        {
            // Nobody outside may claim to be authorized: the header is ours to set.
            if (!name.Equals(CognitoClaimsAuthenticator.SubjectHeader, StringComparison.OrdinalIgnoreCase))
            {
                headers[name] = value;
            }
        }

        if (CognitoClaimsAuthenticator.Subject(proxy.RequestContext) is { } sub)
        {
            headers[CognitoClaimsAuthenticator.SubjectHeader] = sub;
        }

        var body = proxy.Body is null ? [] : proxy.IsBase64Encoded ? Convert.FromBase64String(proxy.Body) : Encoding.UTF8.GetBytes(proxy.Body);
        return ApiRequest.Create(proxy.HttpMethod, proxy.Path, proxy.QueryStringParameters, headers, body);
    }

    public static ApiGatewayProxyResponse ToProxyResponse(ApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase);
        var contentType = headers.GetValueOrDefault("Content-Type") ?? "";
        var isText = contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase);
        return isText
            ? new ApiGatewayProxyResponse(response.StatusCode, headers, Encoding.UTF8.GetString(response.Body.Span), false)
            : new ApiGatewayProxyResponse(response.StatusCode, headers, Convert.ToBase64String(response.Body.Span), true);
    }
}

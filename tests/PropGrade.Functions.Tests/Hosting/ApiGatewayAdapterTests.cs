using System.Text;
using System.Text.Json;
using PropGrade.Core.Api;
using PropGrade.Functions.Hosting;

namespace PropGrade.Functions.Tests.Hosting;

public sealed class ApiGatewayAdapterTests
{
    private static readonly CognitoClaimsAuthenticator Authenticator = new();

    private static ApiGatewayProxyRequest Proxy(string? authorizerJson, Dictionary<string, string>? headers = null) => new(
        "POST", "/runs", headers, new Dictionary<string, string> { ["concurrency"] = "4" }, "{\"maxPages\":3}", false,
        new ApiGatewayRequestContext("prod", "/runs", authorizerJson is null ? null : JsonDocument.Parse(authorizerJson).RootElement));

    [Fact]
    public async Task ToApiRequest_WithCognitoClaims_IsAuthenticatedAndCarriesTheRequest()
    {
        var request = ApiGatewayAdapter.ToApiRequest(Proxy("{\"claims\":{\"sub\":\"user-1\",\"email\":\"a@b.c\"}}"));

        Assert.True(await Authenticator.IsAuthenticatedAsync(request, CancellationToken.None));
        Assert.Equal("POST", request.Method);
        Assert.Equal("/runs", request.Path);
        Assert.Equal("4", request.Query["concurrency"]);
        Assert.Equal("{\"maxPages\":3}", Encoding.UTF8.GetString(request.Body.Span));
    }

    [Fact]
    public async Task ToApiRequest_WithoutAuthorizerClaims_IsNotAuthenticated_EvenWithASpoofedHeader()
    {
        var spoofed = new Dictionary<string, string> { [CognitoClaimsAuthenticator.SubjectHeader] = "attacker" };

        Assert.False(await Authenticator.IsAuthenticatedAsync(ApiGatewayAdapter.ToApiRequest(Proxy(null, spoofed)), CancellationToken.None));
        Assert.False(await Authenticator.IsAuthenticatedAsync(ApiGatewayAdapter.ToApiRequest(Proxy("{}", spoofed)), CancellationToken.None));
    }

    [Fact]
    public void ToProxyResponse_BinaryBody_IsBase64_JsonStaysText()
    {
        var json = ApiGatewayAdapter.ToProxyResponse(new ApiResponse(401, new Dictionary<string, string> { ["Content-Type"] = "application/json; charset=utf-8" }, "{\"error\":1}"u8.ToArray()));
        Assert.Equal(401, json.StatusCode);
        Assert.False(json.IsBase64Encoded);
        Assert.Equal("{\"error\":1}", json.Body);

        var binary = ApiGatewayAdapter.ToProxyResponse(new ApiResponse(200, new Dictionary<string, string> { ["Content-Type"] = "application/octet-stream" }, new byte[] { 0, 255 }));
        Assert.True(binary.IsBase64Encoded);
        Assert.Equal("AP8=", binary.Body);
    }
}

using System.Text.Json.Serialization;

namespace PropGrade.Functions.Hosting;

/// <summary>The fields of API Gateway's REST proxy event (payload 1.0) that the runs API needs.</summary>
public sealed record ApiGatewayProxyRequest(
    [property: JsonPropertyName("httpMethod")] string HttpMethod,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("headers")] Dictionary<string, string>? Headers,
    [property: JsonPropertyName("queryStringParameters")] Dictionary<string, string>? QueryStringParameters,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("isBase64Encoded")] bool IsBase64Encoded,
    [property: JsonPropertyName("requestContext")] ApiGatewayRequestContext? RequestContext);

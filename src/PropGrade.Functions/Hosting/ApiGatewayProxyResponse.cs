using System.Text.Json.Serialization;

namespace PropGrade.Functions.Hosting;

/// <summary>API Gateway's proxy response.</summary>
public sealed record ApiGatewayProxyResponse(
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("headers")] Dictionary<string, string> Headers,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("isBase64Encoded")] bool IsBase64Encoded);

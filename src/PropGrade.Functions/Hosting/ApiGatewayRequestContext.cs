using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropGrade.Functions.Hosting;

/// <summary>The proxy event's request context: the stage and what the Cognito authorizer found (its claims).</summary>
public sealed record ApiGatewayRequestContext(
    [property: JsonPropertyName("stage")] string? Stage,
    [property: JsonPropertyName("resourcePath")] string? ResourcePath,
    [property: JsonPropertyName("authorizer")] JsonElement? Authorizer);

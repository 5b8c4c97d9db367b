using System.Text.Json.Serialization;

namespace PropGrade.Aws.Serialization;

/// <summary>The part of the extension's <c>/secretsmanager/get</c> answer (GetSecretValue's shape) that is read.</summary>
internal sealed record SecretValueResponse(
    [property: JsonPropertyName("SecretString")] string? SecretString,
    [property: JsonPropertyName("ARN")] string? Arn);

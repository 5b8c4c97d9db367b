namespace PropGrade.Aws;

/// <summary>
/// How the AWS SDK clients are built. On Lambda every property stays at its default (the SDK finds the region
/// and credentials itself). Tests and the offline harness point the clients at s3rver / dynalite.
/// </summary>
public sealed record AwsClientOptions
{
    /// <summary>S3 endpoint override, e.g. <c>http://127.0.0.1:4569</c>. Default null (real S3).</summary>
    public Uri? S3ServiceUrl { get; init; }

    /// <summary>DynamoDB endpoint override, e.g. <c>http://127.0.0.1:4567</c>. Default null (real DynamoDB).</summary>
    public Uri? DynamoDbServiceUrl { get; init; }

    /// <summary>Signing region when an endpoint is overridden. Default <c>us-east-1</c>.</summary>
    public string AuthenticationRegion { get; init; } = "us-east-1";

    /// <summary>Reads <c>PROPGRADE_S3_SERVICE_URL</c> and <c>PROPGRADE_DYNAMODB_SERVICE_URL</c> (both unset on AWS).</summary>
    public static AwsClientOptions FromEnvironment(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        static Uri? Url(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value, UriKind.Absolute);
        return new AwsClientOptions
        {
            S3ServiceUrl = Url(getEnvironmentVariable("PROPGRADE_S3_SERVICE_URL")),
            DynamoDbServiceUrl = Url(getEnvironmentVariable("PROPGRADE_DYNAMODB_SERVICE_URL")),
        };
    }
}

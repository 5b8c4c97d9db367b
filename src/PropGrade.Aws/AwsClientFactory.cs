using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;

namespace PropGrade.Aws;

/// <summary>
/// Builds the S3 and DynamoDB clients. With an endpoint override (s3rver, dynalite) it applies what those peers
/// need: path-style addressing, plain HTTP, a fixed signing region, checksums only when required, and dummy
/// credentials when none are configured.
/// </summary>
public static class AwsClientFactory
{
    public static IAmazonS3 CreateS3(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.S3ServiceUrl is null)
        {
            return new AmazonS3Client(config);
        }

        config.ServiceURL = options.S3ServiceUrl.ToString().TrimEnd('/');
        config.ForcePathStyle = true;
        config.AuthenticationRegion = options.AuthenticationRegion;
        config.UseHttp = options.S3ServiceUrl.Scheme == Uri.UriSchemeHttp;
        return new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), config);
    }

    public static IAmazonDynamoDB CreateDynamoDb(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DynamoDbServiceUrl is null)
        {
            return new AmazonDynamoDBClient();
        }

        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = options.DynamoDbServiceUrl.ToString().TrimEnd('/'),
            AuthenticationRegion = options.AuthenticationRegion,
        };
        return new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
    }
}

namespace PropGrade.Aws.Cost;

/// <summary>
/// AWS list prices, us-east-1, as published in November 2026 (the figures docs/aws.md states with the date). Override
/// any of them with <c>with</c> when prices move.
/// </summary>
public sealed record AwsPriceList
{
    /// <summary>Step Functions Standard: per state transition ($0.025 per 1,000).</summary>
    public decimal StateTransition { get; init; } = 0.025m / 1000;

    /// <summary>Lambda arm64: per GB-second ($0.0000133334).</summary>
    public decimal LambdaGbSecondArm { get; init; } = 0.0000133334m;

    /// <summary>Lambda: per request ($0.20 per million).</summary>
    public decimal LambdaRequest { get; init; } = 0.20m / 1_000_000;

    /// <summary>S3 Standard: per PUT/COPY/POST/LIST ($0.005 per 1,000).</summary>
    public decimal S3Put { get; init; } = 0.005m / 1000;

    /// <summary>S3 Standard: per GET ($0.0004 per 1,000).</summary>
    public decimal S3Get { get; init; } = 0.0004m / 1000;

    /// <summary>DynamoDB on demand: per write request unit ($0.625 per million).</summary>
    public decimal DynamoWrite { get; init; } = 0.625m / 1_000_000;

    /// <summary>DynamoDB on demand: per read request unit ($0.125 per million).</summary>
    public decimal DynamoRead { get; init; } = 0.125m / 1_000_000;

    /// <summary>Secrets Manager: per API call ($0.05 per 10,000).</summary>
    public decimal SecretsCall { get; init; } = 0.05m / 10_000;

    /// <summary>Secrets Manager: per secret and month ($0.40), reported apart (it is not per run).</summary>
    public decimal SecretMonth { get; init; } = 0.40m;
}

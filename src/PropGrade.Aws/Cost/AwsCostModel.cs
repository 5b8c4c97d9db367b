using System.Globalization;

namespace PropGrade.Aws.Cost;

/// <summary>
/// The cost of one run on the deployed stack, from list prices and the run's own counts. The listing API's rate is
/// the bottleneck: the stage Lambdas spend most of their billed time waiting for their share of it, so Lambda
/// GB-seconds follow from calls ÷ rate, not from CPU work.
/// </summary>
public static class AwsCostModel
{
    /// <summary>Parent: Prepare, Map, Aggregate, end; plus the Map run's own bookkeeping.</summary>
    public const int ParentTransitions = 6;

    /// <summary>Per child: ProfileStage, AfterProfile, ActiveStage/SoldStage, AfterActive, end (the common path).</summary>
    public const int ChildTransitions = 6;

    /// <summary>S3 PUTs per batch: a raw group per stage (≤ 3), the results object, the Map result line.</summary>
    public const int PutsPerBatch = 5;

    /// <summary>DynamoDB writes per batch: a counter update per stage (≤ 3), each under 1 KB.</summary>
    public const int WritesPerBatch = 3;

    public static RunCostEstimate Estimate(RunCostInputs inputs, AwsPriceList prices)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(prices);
        inputs.Validate();
        var batches = (long)Math.Ceiling(inputs.Agents / (double)inputs.AgentsPerBatch);
        var discovery = inputs.DiscoveryCalls ?? (int)Math.Ceiling(inputs.Agents / 20.0);
        var calls = (long)Math.Ceiling(inputs.Agents * inputs.CallsPerAgent) + discovery;
        var seconds = calls / inputs.RequestsPerSecond;
        var duration = TimeSpan.FromSeconds(seconds);

        var transitions = ParentTransitions + batches * ChildTransitions;
        var invocations = 3 + batches * 3;
        // Every concurrent child waits on its share of the rate: total billed seconds ≈ run time × concurrency.
        var gbSeconds = (decimal)(seconds * Math.Min(inputs.MaxConcurrency, batches) * inputs.StageMemoryMb / 1024.0);
        var puts = batches * PutsPerBatch + 8;
        var gets = batches * 2 + 4;
        var writes = batches * WritesPerBatch + 6;
        var reads = batches + 10;
        // The extension caches the key for 5 minutes per container.
        var secretCalls = (long)Math.Ceiling(Math.Min(inputs.MaxConcurrency, batches) * Math.Max(1, duration.TotalMinutes / 5));

        var n = CultureInfo.InvariantCulture;
        List<CostLine> lines =
        [
            new("Step Functions (standard)", string.Create(n, $"{transitions:N0} transitions"), transitions * prices.StateTransition),
            new("Lambda compute (arm64)", string.Create(n, $"{gbSeconds:N0} GB-s"), gbSeconds * prices.LambdaGbSecondArm),
            new("Lambda requests", string.Create(n, $"{invocations:N0} invocations"), invocations * prices.LambdaRequest),
            new("S3 PUT/LIST", string.Create(n, $"{puts:N0} requests"), puts * prices.S3Put),
            new("S3 GET", string.Create(n, $"{gets:N0} requests"), gets * prices.S3Get),
            new("DynamoDB writes", string.Create(n, $"{writes:N0} WRU"), writes * prices.DynamoWrite),
            new("DynamoDB reads", string.Create(n, $"{reads:N0} RRU"), reads * prices.DynamoRead),
            new("Secrets Manager API", string.Create(n, $"{secretCalls:N0} calls"), secretCalls * prices.SecretsCall),
        ];
        return new RunCostEstimate(lines, lines.Sum(l => l.Dollars), duration, prices.SecretMonth);
    }
}

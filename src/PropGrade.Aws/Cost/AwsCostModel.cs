using System.Globalization;
using PropGrade.Core.Runs;

namespace PropGrade.Aws.Cost;

/// <summary>
/// The cost of one run on the deployed stack (the time-budgeted design: few workers, several agents in flight each,
/// continuation loops), from list prices and the run's own counts. The listing API's rate is the bottleneck: a worker is
/// billed while it waits for its share of the rate, so Lambda GB-seconds follow from calls ÷ rate × workers
/// (<see cref="WorkerSeconds"/>), and the workers are as few as the rate and latency allow (<see cref="WorkerPlan"/>).
/// </summary>
public static class AwsCostModel
{
    /// <summary>Parent transitions: StartRun, AnyMarkets?, the two Maps, FinishDiscovery, Aggregate, the end, the Map runs' bookkeeping.</summary>
    public const int ParentTransitions = 10;

    /// <summary>Per child execution (a market or a batch): its start, its end, and per invocation the task and its Choice.</summary>
    public const int ChildFixedTransitions = 2;

    public const int TransitionsPerInvocation = 2;

    /// <summary>Aggregate's work per agent (results read, grades, the three exports streamed), measured: about 60 µs.</summary>
    public static readonly TimeSpan AggregatePerAgent = TimeSpan.FromMilliseconds(0.06);

    /// <summary>
    /// What every worker invocation costs besides waiting on the rate: reading the batch's progress, renewing the key's
    /// lock, committing its last checkpoint (raw group, results, progress, counters): about eight S3/DynamoDB requests.
    /// </summary>
    public static readonly TimeSpan InvocationOverhead = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Worker-seconds of a rate-bound run: each phase's calls at its workers' share of the aimed rate
    /// (<see cref="WorkerPlan.AimFraction"/> × R), every worker billed while it waits for its share — except a market's
    /// first page, which its worker's limiter (burst 1) lets through at once — plus <see cref="InvocationOverhead"/> per
    /// worker invocation:
    /// <c>(discoveryCalls − markets) × discoveryWorkers / aim + gradingCalls × gradingWorkers / aim + invocations × overhead</c>.
    /// </summary>
    public static double WorkerSeconds(long discoveryCalls, long gradingCalls, int discoveryWorkers, int gradingWorkers, double requestsPerSecond, long invocations = 0, int markets = 0)
    {
        var aim = WorkerPlan.AimFraction * requestsPerSecond;
        var waitedDiscoveryCalls = Math.Max(0, discoveryCalls - markets);
        return (((waitedDiscoveryCalls * (double)discoveryWorkers) + (gradingCalls * (double)gradingWorkers)) / aim)
            + (invocations * InvocationOverhead.TotalSeconds);
    }

    public static RunCostEstimate Estimate(RunCostInputs inputs, AwsPriceList prices)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(prices);
        inputs.Validate();
        var batches = (int)Math.Ceiling(inputs.Agents / (double)inputs.AgentsPerBatch);
        var markets = Math.Max(1, inputs.Markets ?? (int)Math.Ceiling(inputs.Agents / 150.0));
        var discoveryCalls = inputs.DiscoveryCalls ?? (int)Math.Ceiling(inputs.Agents / 18.0);
        var gradingCalls = (long)Math.Ceiling(inputs.Agents * inputs.CallsPerAgent);
        var discovery = WorkerPlan.ForDiscovery(inputs.RequestsPerSecond, inputs.Latency, markets, inputs.MaxConcurrency);
        var grading = WorkerPlan.ForGrading(inputs.RequestsPerSecond, inputs.Latency, batches, inputs.MaxConcurrency);
        var aim = WorkerPlan.AimFraction * inputs.RequestsPerSecond;
        var aggregateSeconds = inputs.Agents * AggregatePerAgent.TotalSeconds;
        var duration = TimeSpan.FromSeconds(((discoveryCalls + gradingCalls) / aim) + aggregateSeconds);

        var discoverySeconds = WorkerSeconds(discoveryCalls, 0, discovery.Workers, grading.Workers, inputs.RequestsPerSecond, markets: markets);
        var gradingSeconds = WorkerSeconds(0, gradingCalls, discovery.Workers, grading.Workers, inputs.RequestsPerSecond);
        var budget = 0.8 * inputs.WorkerTimeoutSeconds;
        var discoveryInvocations = markets + (long)Math.Ceiling(discoverySeconds / budget);
        var gradingInvocations = batches + (long)Math.Ceiling(gradingSeconds / budget);
        discoverySeconds += discoveryInvocations * InvocationOverhead.TotalSeconds;
        gradingSeconds += gradingInvocations * InvocationOverhead.TotalSeconds;
        var checkpoints = (long)Math.Ceiling(inputs.Agents / (double)inputs.CheckpointAgents) + gradingInvocations;

        var transitions = ParentTransitions
            + ((markets + batches) * (long)ChildFixedTransitions)
            + ((discoveryInvocations + gradingInvocations) * TransitionsPerInvocation);
        var invocations = 6 + discoveryInvocations + gradingInvocations;
        var gbSeconds = (decimal)(((discoverySeconds + gradingSeconds) * inputs.StageMemoryMb / 1024.0)
            + ((aggregateSeconds + 10) * inputs.AggregateMemoryMb / 1024.0));
        // PUTs: per checkpoint a raw group, a results object and the batch's progress; per discovery invocation a raw
        // group and a slice; items.json, markets.json, the exports, the Map results. LISTs: a progress existence check
        // per grading invocation, the slices per discovery invocation and at the merge, the results at aggregation.
        var resultObjects = (long)Math.Ceiling(inputs.Agents / (double)inputs.CheckpointAgents) + batches;
        var puts = (checkpoints * 3) + (discoveryInvocations * 2) + 10
            + gradingInvocations + discoveryInvocations + markets + (resultObjects / 1000) + 1;
        var gets = gradingInvocations + discoveryInvocations + markets + resultObjects + 4;
        // DynamoDB: per invocation the lock's renewal, the wire counters; per checkpoint the counters and the breaker's streak.
        var writes = ((discoveryInvocations + gradingInvocations) * 2) + (checkpoints * 2) + 10;
        var reads = ((discoveryInvocations + gradingInvocations) * 3) + 20;
        // The extension caches the key for 5 minutes per container: one container per worker.
        var containers = Math.Max(discovery.Workers, grading.Workers);
        var secretCalls = (long)Math.Ceiling(containers * Math.Max(1, duration.TotalMinutes / 5));

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
        return new RunCostEstimate(lines, lines.Sum(l => l.Dollars), duration, prices.SecretMonth)
        {
            DiscoveryWorkers = discovery,
            GradingWorkers = grading,
            WorkerSeconds = discoverySeconds + gradingSeconds,
            Calls = discoveryCalls + gradingCalls,
        };
    }
}

using PropGrade.Core.Runs;

namespace PropGrade.Aws.Cost;

/// <summary>The estimate of one run: its lines, the total and the run's duration at the plan's rate.</summary>
public sealed record RunCostEstimate(IReadOnlyList<CostLine> Lines, decimal Total, TimeSpan Duration, decimal SecretPerMonth)
{
    /// <summary>How discovery is paced (markets at once, rate each).</summary>
    public WorkerPlan? DiscoveryWorkers { get; init; }

    /// <summary>How grading is paced (workers, agents in flight, rate each).</summary>
    public WorkerPlan? GradingWorkers { get; init; }

    /// <summary>The Lambda-seconds of the workers the estimate assumes (<see cref="AwsCostModel.WorkerSeconds"/>).</summary>
    public double WorkerSeconds { get; init; }

    /// <summary>Listing-API calls of the run (discovery and grading).</summary>
    public long Calls { get; init; }
}

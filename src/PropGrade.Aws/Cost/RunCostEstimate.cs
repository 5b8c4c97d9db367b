namespace PropGrade.Aws.Cost;

/// <summary>The estimate of one run: its lines, the total and the run's duration at the plan's rate.</summary>
public sealed record RunCostEstimate(IReadOnlyList<CostLine> Lines, decimal Total, TimeSpan Duration, decimal SecretPerMonth);

namespace PropGrade.Core.Estimates;

/// <summary>A run's cost: the total in US dollars and its lines (service, quantity, dollars).</summary>
public sealed record RunCost(decimal TotalUsd, IReadOnlyList<RunCostItem> Lines, string? Note);

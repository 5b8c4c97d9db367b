namespace PropGrade.Core.Estimates;

/// <summary>One line of a run's cost.</summary>
public sealed record RunCostItem(string Service, string Quantity, decimal Dollars);

namespace PropGrade.Aws.Cost;

/// <summary>One line of the estimate: a service, the counted quantity, its unit and the dollars.</summary>
public sealed record CostLine(string Service, string Quantity, decimal Dollars);

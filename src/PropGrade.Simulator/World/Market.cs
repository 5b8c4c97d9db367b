namespace PropGrade.Simulator.World;

/// <summary>A market (one US ZIP code) with its local price level and its relative share of agents.</summary>
internal sealed record Market(int Index, string PostalCode, string City, string StateCode, long MedianPrice, int Weight);

namespace PropGrade.Core.Exports;

/// <summary>The totals of an aggregation's results: every result, the profiled, incomplete and skipped ones.</summary>
public sealed record RunResultCounts(int Results, int Profiled, int Incomplete, int Skipped);

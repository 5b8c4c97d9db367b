namespace PropGrade.Core.Estimates;

/// <summary>What an estimate needs from the host: the configured request rate and the quota last seen (null when none was).</summary>
public sealed record EstimateContext(double RequestsPerSecond, QuotaSnapshot? Quota);

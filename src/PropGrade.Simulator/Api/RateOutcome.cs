namespace PropGrade.Simulator.Api;

/// <summary>Admitted, over the per-second rate, or over the period quota.</summary>
internal enum RateOutcome
{
    Admitted,
    PerSecondExceeded,
    QuotaExceeded,
}

namespace PropGrade.Core.Estimates;

/// <summary>The host's rate and quota for <see cref="RunEstimator"/> (locally the engine's listing client; on AWS the stack's settings).</summary>
public interface IEstimateContextProvider
{
    Task<EstimateContext> GetAsync(CancellationToken cancellationToken);
}

using PropGrade.Core.Estimates;

namespace PropGrade.Functions.Hosting;

/// <summary>The Runs Lambda's estimate context: the stack's configured rate; the quota is unknown (this function makes no listing call).</summary>
internal sealed class FixedEstimateContext(double requestsPerSecond) : IEstimateContextProvider
{
    public Task<EstimateContext> GetAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new EstimateContext(requestsPerSecond, null));
}

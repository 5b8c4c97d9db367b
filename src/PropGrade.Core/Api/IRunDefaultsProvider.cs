using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>The default <see cref="RunRequest"/> (<c>GET /config/defaults</c>): default tiers, a 12-month window ending today, the source's markets.</summary>
public interface IRunDefaultsProvider
{
    Task<RunRequest> GetDefaultRequestAsync(CancellationToken cancellationToken);
}

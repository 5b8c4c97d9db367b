using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>
/// What <c>GET /config/defaults</c> is made of: the <see cref="RunDefaults"/> the validator uses right now (today, the
/// source's markets and, when known, their places), from which the handler builds the default request and the limits.
/// </summary>
public interface IRunDefaultsProvider
{
    Task<RunDefaults> GetDefaultsAsync(CancellationToken cancellationToken);
}

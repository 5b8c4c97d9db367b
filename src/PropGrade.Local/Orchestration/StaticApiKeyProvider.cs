using PropGrade.Core.Secrets;

namespace PropGrade.Local.Orchestration;

/// <summary>The embedded simulator's key, handed over in-process (never logged).</summary>
internal sealed class StaticApiKeyProvider(string key) : IApiKeyProvider
{
    public ValueTask<string> GetApiKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(key);
}

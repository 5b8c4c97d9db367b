using PropGrade.Core.Secrets;

namespace PropGrade.ListingApi.Tests.Support;

internal sealed class FixedKeyProvider(string key) : IApiKeyProvider
{
    public ValueTask<string> GetApiKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(key);
}

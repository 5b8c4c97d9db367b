using PropGrade.Core.Audit;
using PropGrade.Core.Listings;

namespace PropGrade.Local.Orchestration;

/// <summary>
/// The default composition: the embedded simulator (or <see cref="LocalEngineOptions.ApiBase"/>) through the HTTP
/// client, the file raw store, and the raw replay source for regrades.
/// </summary>
internal static class DefaultSourceConnector
{
    public static ISourceConnector Create(LocalEngineOptions options) => new Pending();

    public static Func<IRawStore, string, IListingSource>? ReplayFactory => null;

    public static IRawStore? RawStore(string dataDir) => null;

    /// <summary>Until the simulator and the client are merged: says so when used.</summary>
    private sealed class Pending : ISourceConnector
    {
        public Task<SourceConnection> ConnectAsync(CancellationToken cancellationToken) =>
            throw new NotSupportedException("The embedded simulator and HTTP client are not composed yet.");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

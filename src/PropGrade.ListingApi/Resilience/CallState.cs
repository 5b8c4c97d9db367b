using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Resilience;

/// <summary>One logical call travelling through the resilience pipeline: what to ask, how to map it, how many tries so far.</summary>
internal sealed class CallState(
    ListingApiClient client,
    string url,
    int? page,
    FetchContext context,
    Func<byte[], object> map,
    Func<object, bool> isTransientlyEmpty)
{
    private int _attempts;

    public ListingApiClient Client { get; } = client;

    public string Url { get; } = url;

    public int? Page { get; } = page;

    public FetchContext Context { get; } = context;

    public int Attempts => Volatile.Read(ref _attempts);

    public int NextAttempt() => Interlocked.Increment(ref _attempts);

    public object Map(byte[] body) => map(body);

    public bool IsTransientlyEmpty(object value) => isTransientlyEmpty(value);
}

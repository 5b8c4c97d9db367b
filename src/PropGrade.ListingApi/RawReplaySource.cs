using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Provider;
using PropGrade.ListingApi.Resilience;

namespace PropGrade.ListingApi;

/// <summary>
/// Serves a finished run's stored responses back (for <c>propgrade regrade</c>, zero API calls): builds the same
/// revision-2 request URL the client would (<see cref="ListingApiUrls"/>), finds the stored successful exchange for it
/// and maps its body with the same mapper. A request whose final stored answer was a 404 or 400 fails the same way again; a request with no usable
/// stored response throws <see cref="RawDataMissingException"/> (reason <c>no_raw_data</c>). The run's raw records
/// are indexed once, on first use; thread-safe.
/// </summary>
public sealed class RawReplaySource : IListingSource
{
    private readonly IRawStore _store;
    private readonly string _runId;
    private readonly Lazy<Task<Dictionary<string, StoredAnswer>>> _index;

    public RawReplaySource(IRawStore store, string runId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        _store = store;
        _runId = runId;
        _index = new Lazy<Task<Dictionary<string, StoredAnswer>>>(() => BuildIndexAsync(CancellationToken.None));
    }

    /// <summary>How many distinct requests the run's raw store can answer (after the first call).</summary>
    public async Task<int> CountAnswersAsync(CancellationToken cancellationToken) =>
        (await _index.Value.WaitAsync(cancellationToken)).Count;

    public async Task<AgentPage> GetAgentPageAsync(string postalCode, int offset, FetchContext context, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postalCode);
        var limit = await DiscoveryLimitAsync(postalCode, cancellationToken);
        return await AnswerAsync(ListingApiUrls.Discover(postalCode, offset, limit), body => RealtyInUsMapper.MapAgentPage(body, offset, limit), cancellationToken);
    }

    public Task<AgentProfile> GetProfileAsync(RosterEntry agent, FetchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return AnswerAsync(ListingApiUrls.Profile(agent), body => RealtyInUsMapper.MapProfile(body), cancellationToken);
    }

    public Task<ListingPage> GetListingPageAsync(ListingsKey agent, ListingKind kind, int page, int distinctBefore, FetchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return AnswerAsync(ListingApiUrls.Listings(agent, kind, page), body => RealtyInUsMapper.MapListingPage(body, kind, page), cancellationToken);
    }

    private async Task<T> AnswerAsync<T>(string url, Func<byte[], T> map, CancellationToken cancellationToken)
    {
        var index = await _index.Value.WaitAsync(cancellationToken);
        if (!index.TryGetValue(url, out var answer))
        {
            throw new RawDataMissingException($"Run {_runId} holds no stored response for {url}; the agent is marked incomplete (no_raw_data).");
        }

        if (answer.Body is { } body)
        {
            return map(body);
        }

        var status = answer.Status ?? 0;
        throw status == 404
            ? FailureMessages.NotFound(url, RealtyInUsMapper.TryReadMessage(answer.FailureBody))
            : FailureMessages.BadRequest(status, url, RealtyInUsMapper.TryReadMessage(answer.FailureBody));
    }

    /// <summary>The limit the original run used for this market (the client's default is 20).</summary>
    private async Task<int> DiscoveryLimitAsync(string postalCode, CancellationToken cancellationToken)
    {
        var index = await _index.Value.WaitAsync(cancellationToken);
        for (var limit = ListingApiUrls.MaxDiscoveryLimit; limit >= 1; limit--)
        {
            if (index.ContainsKey(ListingApiUrls.Discover(postalCode, 0, limit)))
            {
                return limit;
            }
        }

        return ListingApiUrls.MaxDiscoveryLimit;
    }

    private async Task<Dictionary<string, StoredAnswer>> BuildIndexAsync(CancellationToken cancellationToken)
    {
        var index = new Dictionary<string, StoredAnswer>(StringComparer.Ordinal);
        await foreach (var exchange in _store.ReadAsync(_runId, cancellationToken))
        {
            if (exchange.Classification == AttemptOutcome.OkReason)
            {
                index[exchange.Url] = new StoredAnswer(exchange.Body, exchange.Status, []);
            }
            else if (exchange.Classification is "fail:http_404" or "fail:http_400"
                     && !(index.TryGetValue(exchange.Url, out var known) && known.Body is not null))
            {
                index[exchange.Url] = new StoredAnswer(null, exchange.Status, exchange.Body);
            }
        }

        return index;
    }

    private sealed record StoredAnswer(byte[]? Body, int? Status, byte[] FailureBody);
}

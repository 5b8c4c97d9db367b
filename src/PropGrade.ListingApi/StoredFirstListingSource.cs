using System.Collections.Concurrent;
using PropGrade.Core.Audit;
using PropGrade.Core.Listings;

namespace PropGrade.ListingApi;

/// <summary>
/// What a resume re-grades an agent with (docs/pipeline.md, "Resuming a PARTIAL or FAILED run"): every request is
/// first answered from the run's own stored responses (<paramref name="stored"/>, a <see cref="RawReplaySource"/>
/// over the run's raw store: the last successful answer, or a final 404/400 thrown as it was); only a request with no
/// usable stored answer (never asked, or every attempt failed, or its raw group failed verification) goes to
/// <paramref name="live"/>. So the resumed run's calls are exactly the missing pages. <see cref="Replayed"/> counts the
/// requests answered from the store, in all and per agent (the pipeline counts them as calls; the run's counters must
/// not). Thread-safe.
/// </summary>
public sealed class StoredFirstListingSource(IListingSource stored, IListingSource live) : IListingSource
{
    private readonly IListingSource _stored = stored ?? throw new ArgumentNullException(nameof(stored));
    private readonly IListingSource _live = live ?? throw new ArgumentNullException(nameof(live));
    private readonly ConcurrentDictionary<string, int> _replayedByAgent = new(StringComparer.Ordinal);
    private long _replayed;
    private long _liveRequests;

    /// <summary>Requests answered from the stored responses (no API call).</summary>
    public long Replayed => Interlocked.Read(ref _replayed);

    /// <summary>Requests passed on to the live source.</summary>
    public long Live => Interlocked.Read(ref _liveRequests);

    /// <summary>Takes (and forgets) the number of <paramref name="agentId"/>'s requests answered from the store so far.</summary>
    public int TakeReplayed(string agentId) => _replayedByAgent.TryRemove(agentId, out var n) ? n : 0;

    /// <summary>Discovery is over when a resume re-grades agents: always asked of the live source.</summary>
    public Task<AgentPage> GetAgentPageAsync(string postalCode, int offset, FetchContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _liveRequests);
        return _live.GetAgentPageAsync(postalCode, offset, context, cancellationToken);
    }

    public Task<AgentProfile> GetProfileAsync(RosterEntry agent, FetchContext context, CancellationToken cancellationToken) =>
        FirstStoredAsync(
            context,
            () => _stored.GetProfileAsync(agent, context, cancellationToken),
            () => _live.GetProfileAsync(agent, context, cancellationToken));

    public Task<ListingPage> GetListingPageAsync(ListingsKey agent, ListingKind kind, int page, int distinctBefore, FetchContext context, CancellationToken cancellationToken) =>
        FirstStoredAsync(
            context,
            () => _stored.GetListingPageAsync(agent, kind, page, distinctBefore, context, cancellationToken),
            () => _live.GetListingPageAsync(agent, kind, page, distinctBefore, context, cancellationToken));

    private async Task<T> FirstStoredAsync<T>(FetchContext context, Func<Task<T>> fromStore, Func<Task<T>> fromLive)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var answer = await fromStore().ConfigureAwait(false);
            CountReplayed(context);
            return answer;
        }
        catch (Exception ex) when (ex is RawDataMissingException or RawIntegrityException)
        {
            // Not stored successfully (or not trusted): ask the API.
        }
        catch (ListingApiException)
        {
            // A stored final answer (404, 400): the same answer again, without a call.
            CountReplayed(context);
            throw;
        }

        Interlocked.Increment(ref _liveRequests);
        return await fromLive().ConfigureAwait(false);
    }

    private void CountReplayed(FetchContext context)
    {
        Interlocked.Increment(ref _replayed);
        if (context.AgentId is { } agent)
        {
            _replayedByAgent.AddOrUpdate(agent, 1, static (_, n) => n + 1);
        }
    }
}

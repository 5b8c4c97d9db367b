using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Provider;
using PropGrade.ListingApi.Replay;
using PropGrade.ListingApi.Resilience;

namespace PropGrade.ListingApi;

/// <summary>
/// Serves a finished run's stored responses back (for <c>propgrade regrade</c>, zero API calls): builds the same
/// revision-2 request URL the client would (<see cref="ListingApiUrls"/>), finds the stored successful exchange for it
/// and maps its body with the same mapper. A request whose final stored answer was a 404 or 400 fails the same way again; a request with no usable
/// stored response throws <see cref="RawDataMissingException"/> (reason <c>no_raw_data</c>). The run's raw records
/// are indexed once, on first use, into an on-disk index (request URL → stored record; see docs/listing-client.md),
/// reused while the raw data is unchanged; bodies are read from the raw store on demand and checked against the
/// manifest's SHA-256. A request whose answer sat in a group that failed that check, or whose agent's data did,
/// throws <see cref="RawIntegrityException"/> (reason <c>raw_integrity</c>) naming the group; while the run has such
/// groups a missing answer is refused the same way (it may have been in one). Thread-safe.
/// </summary>
public sealed class RawReplaySource : IListingSource, IRawReplayAudit, IDisposable
{
    private readonly string _runId;
    private readonly IndexSlot _index;

    public RawReplaySource(IRawStore store, string runId)
        : this(store, runId, null)
    {
    }

    public RawReplaySource(IRawStore store, string runId, RawReplayOptions? options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        options ??= new RawReplayOptions();
        options.Validate();
        _runId = runId;
        _index = new IndexSlot(store, runId, options);
    }

    /// <summary>The index's file size in bytes (after the first call).</summary>
    public async Task<long> IndexBytesAsync(CancellationToken cancellationToken) =>
        (await _index.Value.WaitAsync(cancellationToken)).IndexBytes;

    /// <summary>What the integrity check found so far (builds the index if needed).</summary>
    public async Task<RawIntegrityReport> IntegrityReportAsync(CancellationToken cancellationToken) =>
        (await _index.Value.WaitAsync(cancellationToken)).Report;

    /// <inheritdoc/>
    public RawIntegrityReport? EndReplay() => _index.Release();

    /// <summary>Closes the index (a temporary one is removed as soon as it is open).</summary>
    public void Dispose() => _index.Dispose();

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
        if (await index.FindAsync(url, cancellationToken) is not { } answer)
        {
            throw index.MissingBecause() is { } refused
                ? new RawIntegrityException($"Run {_runId} holds no trusted stored response for {url}; raw groups failed verification and it may have been in one ({refused}); the agent is marked incomplete (raw_integrity).")
                : new RawDataMissingException($"Run {_runId} holds no stored response for {url}; the agent is marked incomplete (no_raw_data).");
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

    /// <summary>
    /// The run's index, opened (or built) on first use; a failed or cancelled open is tried again by the next request;
    /// <see cref="Release"/> closes it (a later request opens it again).
    /// </summary>
    private sealed class IndexSlot(IRawStore store, string runId, RawReplayOptions options) : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly string? _temporary = options.IndexDirectory is null && store is not IRawIndexHome
            ? Path.Combine(Path.GetTempPath(), "propgrade-replay-" + Guid.NewGuid().ToString("N"))
            : null;

        private Task<ReplayIndex>? _opening;

        public Task<ReplayIndex> Value
        {
            get
            {
                lock (_gate)
                {
                    if (_opening is null || _opening.IsFaulted || _opening.IsCanceled)
                    {
                        var directory = options.IndexDirectory ?? _temporary ?? ((IRawIndexHome)store).IndexDirectory(runId);
                        _opening = Task.Run(async () =>
                        {
                            var index = await ReplayIndex.OpenAsync(store, runId, directory, options, CancellationToken.None).ConfigureAwait(false);
                            DeleteTemporary(); // a temporary index is never reused: the open file stays readable, nothing is left behind
                            return index;
                        });
                    }

                    return _opening;
                }
            }
        }

        public RawIntegrityReport? Release()
        {
            Task<ReplayIndex>? opened;
            lock (_gate)
            {
                opened = _opening;
                _opening = null;
            }

            if (opened is not { IsCompletedSuccessfully: true })
            {
                return null;
            }

            var report = opened.Result.Report;
            opened.Result.Dispose();
            return report;
        }

        public void Dispose()
        {
            Release();
            DeleteTemporary();
        }

        private void DeleteTemporary()
        {
            try
            {
                if (_temporary is not null && Directory.Exists(_temporary))
                {
                    Directory.Delete(_temporary, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left in the temporary directory; nothing reads it again.
            }
        }
    }
}

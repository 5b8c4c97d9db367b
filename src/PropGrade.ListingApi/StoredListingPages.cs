using PropGrade.Core.Audit;
using PropGrade.Core.Explain;
using PropGrade.Core.Listings;
using PropGrade.Core.Stages;
using PropGrade.ListingApi.Provider;
using PropGrade.ListingApi.Resilience;

namespace PropGrade.ListingApi;

/// <summary>
/// One agent's stored listing pages as the client read them (for "why this tier", zero API calls): the final answer of
/// each stage and page chosen as the replay index chooses it (the last successful response, else the last final 404 or
/// 400), mapped by the client's own mapper (<see cref="RealtyInUsMapper"/>) or thrown as the client threw it. A page
/// whose attempts all failed otherwise fails again with the last attempt's reason (e.g. <c>http_503</c>); a page never
/// stored throws <see cref="RawDataMissingException"/>.
/// </summary>
public sealed class StoredListingPages : IStoredListingPages
{
    public IListingSource Open(IReadOnlyList<RawExchange> exchanges)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        return new Source(exchanges);
    }

    private sealed class Source(IReadOnlyList<RawExchange> exchanges) : IListingSource
    {
        public Task<AgentPage> GetAgentPageAsync(string postalCode, int offset, FetchContext context, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Stored listing pages answer listing pages only.");

        public Task<AgentProfile> GetProfileAsync(RosterEntry agent, FetchContext context, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Stored listing pages answer listing pages only.");

        public Task<ListingPage> GetListingPageAsync(ListingsKey agent, ListingKind kind, int page, int distinctBefore, FetchContext context, CancellationToken cancellationToken)
        {
            var stage = kind == ListingKind.ForSale ? ActiveStage.Name : SoldStage.Name;
            var attempts = exchanges.Where(e => e.Stage == stage && e.Page == page).ToList();
            if (attempts.LastOrDefault(e => e.Classification == AttemptOutcome.OkReason) is { } answer)
            {
                return Task.FromResult(RealtyInUsMapper.MapListingPage(answer.Body, kind, page));
            }

            if (attempts.LastOrDefault(e => e.Classification is "fail:http_404" or "fail:http_400") is { } refusal)
            {
                var message = RealtyInUsMapper.TryReadMessage(refusal.Body);
                throw refusal.Status == 404
                    ? FailureMessages.NotFound(refusal.Url, message)
                    : FailureMessages.BadRequest(refusal.Status ?? 400, refusal.Url, message);
            }

            if (attempts.LastOrDefault() is { } failed)
            {
                var reason = failed.Classification.Split(':', 2) is [_, var r] && r.Length > 0 ? r : failed.Classification;
                throw new TransientApiException(reason, $"The stored attempts at {failed.Url} all failed (the last: {failed.Classification}).");
            }

            throw new RawDataMissingException($"No stored response for the agent's {stage} page {page}.");
        }
    }
}

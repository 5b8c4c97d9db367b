using PropGrade.Core.Listings;

namespace PropGrade.Core.Tests.Fakes;

/// <summary>
/// An in-memory listing API of contract revision 2: agents by advertiser id, their listings, pages of
/// <see cref="PageSize"/>, an optional discovery offset cap, optional failures; counts every call.
/// </summary>
internal sealed class FakeListingSource : IListingSource
{
    private readonly Dictionary<string, AgentProfile> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Listing>> _listings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _markets = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public int Calls { get; private set; }

    /// <summary>Results per listing page (the client never assumes one).</summary>
    public int PageSize { get; set; } = 10;

    /// <summary>Agents per discovery page.</summary>
    public int DiscoveryLimit { get; set; } = 20;

    /// <summary>When set, discovery offsets at or past it answer 400 (or an empty page with <see cref="CapWithEmptyPage"/>).</summary>
    public int? DiscoveryOffsetCap { get; set; }

    public bool CapWithEmptyPage { get; set; }

    /// <summary>When set, pages after the first start with the last listing of the page before (a repeated listing).</summary>
    public bool RepeatLastOfPreviousPage { get; set; }

    /// <summary>Added to every <c>total</c> (a provider whose total counts a listing twice).</summary>
    public int DuplicateInTotal { get; set; }

    /// <summary>When true the sold feed is served in the order the listings were added (not newest first).</summary>
    public bool Unsorted { get; set; }

    /// <summary>(advertiser id, kind (null = profile or discovery), page or offset) → an exception to throw.</summary>
    public Func<string, ListingKind?, int, Exception?> Fail { get; set; } = (_, _, _) => null;

    public List<string> Log { get; } = [];

    public void AddAgent(AgentProfile profile, string market, params Listing[] listings)
    {
        _profiles[profile.AdvertiserId] = profile;
        _listings[profile.AdvertiserId] = [.. listings];
        AddToMarket(market, profile.AdvertiserId);
    }

    public void AddToMarket(string market, string advertiserId)
    {
        if (!_markets.TryGetValue(market, out var ids))
        {
            _markets[market] = ids = [];
        }

        ids.Add(advertiserId);
    }

    public AgentProfile ProfileOf(long id) => _profiles[TestData.Id(id)];

    public async Task<AgentPage> GetAgentPageAsync(string postalCode, int offset, FetchContext context, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Count($"list {postalCode} {offset}");
        if (Fail(postalCode, null, offset) is { } ex)
        {
            throw ex;
        }

        var ids = _markets.GetValueOrDefault(postalCode) ?? [];
        if (DiscoveryOffsetCap is { } cap && offset >= cap)
        {
            return CapWithEmptyPage
                ? new AgentPage(offset, DiscoveryLimit, ids.Count, [])
                : throw new BadRequestApiException("http_400", "offset too large");
        }

        return new AgentPage(offset, DiscoveryLimit, ids.Count, [.. ids.Skip(offset).Take(DiscoveryLimit).Select(id => _profiles[id])]);
    }

    public Task<AgentProfile> GetProfileAsync(RosterEntry agent, FetchContext context, CancellationToken cancellationToken)
    {
        Count($"profile {agent.AdvertiserId} {agent.NrdsId}");
        if (Fail(agent.AdvertiserId, null, 0) is { } ex)
        {
            throw ex;
        }

        return _profiles.TryGetValue(agent.AdvertiserId, out var p)
            ? Task.FromResult(p)
            : throw new AgentNotFoundException("http_404", "Agent not found");
    }

    public Task<ListingPage> GetListingPageAsync(ListingsKey agent, ListingKind kind, int page, int distinctBefore, FetchContext context, CancellationToken cancellationToken)
    {
        Count($"{kind} {agent.AdvertiserId} {page}");
        if (page > 20)
        {
            throw new BadRequestApiException("http_400", "page must be <= 20");
        }

        var expected = _profiles[agent.AdvertiserId].PrimaryListingsKey();
        if (expected != agent)
        {
            throw new BadRequestApiException("http_400", $"wrong MLS ids {agent}");
        }

        if (Fail(agent.AdvertiserId, kind, page) is { } ex)
        {
            throw ex;
        }

        var all = _listings[agent.AdvertiserId];
        var feed = kind == ListingKind.ForSold
            ? (Unsorted ? [.. all.Where(l => l.IsSold)] : all.Where(l => l.IsSold).OrderByDescending(l => l.SoldDate).ToList())
            : all.Where(l => l.IsActive).OrderByDescending(l => l.ListDate).ToList();
        var results = feed.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        if (RepeatLastOfPreviousPage && page > 1 && results.Count > 0)
        {
            results.Insert(0, feed[((page - 1) * PageSize) - 1]);
        }
        return Task.FromResult(new ListingPage(page, feed.Count + DuplicateInTotal, results));
    }

    private void Count(string what)
    {
        lock (_gate)
        {
            Calls++;
            Log.Add(what);
        }
    }
}

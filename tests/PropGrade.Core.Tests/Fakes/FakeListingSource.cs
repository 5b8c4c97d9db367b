using System.Runtime.CompilerServices;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Tests.Fakes;

/// <summary>An in-memory listing API: agents, their listings, pages of 10, optional failures; counts every call.</summary>
internal sealed class FakeListingSource : IListingSource
{
    private readonly Dictionary<long, AgentProfile> _profiles = [];
    private readonly Dictionary<long, List<Listing>> _byFulfillment = [];
    private readonly Dictionary<string, List<long>> _markets = [];
    private readonly object _gate = new();

    public int Calls { get; private set; }

    public Func<long, ListingKind?, int, Exception?> Fail { get; set; } = (_, _, _) => null;

    public List<string> Log { get; } = [];

    public void AddAgent(AgentProfile profile, string market, params Listing[] listings)
    {
        _profiles[profile.AdvertiserId] = profile;
        _byFulfillment[profile.FulfillmentId] = [.. listings];
        if (!_markets.TryGetValue(market, out var ids))
        {
            _markets[market] = ids = [];
        }

        ids.Add(profile.AdvertiserId);
    }

    public void AddToMarket(string market, long advertiserId)
    {
        if (!_markets.TryGetValue(market, out var ids))
        {
            _markets[market] = ids = [];
        }

        ids.Add(advertiserId);
    }

    public async IAsyncEnumerable<AgentPage> DiscoverAgentsAsync(string postalCode, FetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ids = _markets.GetValueOrDefault(postalCode) ?? [];
        for (var offset = 0; ; offset += 20)
        {
            await Task.Yield();
            Count($"list {postalCode} {offset}");
            var agents = ids.Skip(offset).Take(20).Select(id => _profiles[id]).ToList();
            yield return new AgentPage(offset, ids.Count, agents);
            if (offset + 20 >= ids.Count)
            {
                yield break;
            }
        }
    }

    public Task<AgentProfile> GetProfileAsync(long advertiserId, FetchContext context, CancellationToken cancellationToken)
    {
        Count($"profile {advertiserId}");
        if (Fail(advertiserId, null, 0) is { } ex)
        {
            throw ex;
        }

        return _profiles.TryGetValue(advertiserId, out var p)
            ? Task.FromResult(p)
            : throw new AgentNotFoundException("http_404", "Agent not found");
    }

    public Task<ListingPage> GetListingPageAsync(long fulfillmentId, ListingKind kind, int page, FetchContext context, CancellationToken cancellationToken)
    {
        Count($"{kind} {fulfillmentId} {page}");
        if (page > 20)
        {
            throw new BadRequestApiException("http_400", "page must be <= 20");
        }

        var advertiser = _profiles.Values.First(p => p.FulfillmentId == fulfillmentId).AdvertiserId;
        if (Fail(advertiser, kind, page) is { } ex)
        {
            throw ex;
        }

        var all = _byFulfillment[fulfillmentId];
        var feed = kind == ListingKind.ForSold
            ? all.Where(l => l.IsSold).OrderByDescending(l => l.SoldDate).ToList()
            : all.Where(l => l.IsActive).OrderByDescending(l => l.ListDate).ToList();
        return Task.FromResult(new ListingPage(page, 10, feed.Count, [.. feed.Skip((page - 1) * 10).Take(10)]));
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

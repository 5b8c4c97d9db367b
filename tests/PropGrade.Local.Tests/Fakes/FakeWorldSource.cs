using System.Collections.Concurrent;
using System.Globalization;
using PropGrade.Core.Listings;
using PropGrade.Local.Orchestration;

namespace PropGrade.Local.Tests.Fakes;

/// <summary>
/// A seeded in-memory listing API of contract revision 2 over two markets: discovery pages carry each agent's profile,
/// so a discovered agent's calls are its listing pages only. Counts calls per agent; can fail or block on demand.
/// </summary>
internal sealed class FakeWorldSource : IListingSource, ISourceConnector
{
    public static readonly DateOnly Today = new(2026, 11, 23);

    private readonly Dictionary<string, AgentProfile> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Listing>> _listings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _markets = new(StringComparer.Ordinal);
    private long _calls;

    public FakeWorldSource(int agents, int seed = 1)
    {
        var random = new Random(seed);
        for (long n = 1; n <= agents; n++)
        {
            var id = Id(n);
            var sold = new List<Listing>();
            var count = random.Next(0, 60);
            var price = random.Next(1, 30) * 100_000m;
            for (var i = 0; i < count; i++)
            {
                var date = Today.AddDays(-random.Next(0, 700));
                sold.Add(new Listing($"L{id}-{i}", Listing.StatusSold, price, price, date.AddDays(-20), date, "07030", false, false,
                    [new Advertiser(id, AdvertiserSide.Seller, "seller")]));
            }

            var year = sold.Where(l => l.SoldDate >= Today.AddMonths(-12)).ToList();
            _profiles[id] = new AgentProfile(id, $"Agent {id}", $"Office {n % 7}",
                new AgentContact($"nrds{id}", null, null, null, null, null, null, null, null),
                [new MlsMembership("NJMLS", $"M{id}", null, Primary: true)],
                new ActivitySummary(year.Count, 100_000m, year.Count == 0 ? null : price, null), ActivitySummary.None, false, 2010);
            _listings[id] = [.. sold.OrderByDescending(l => l.SoldDate)];
            var market = n % 2 == 0 ? "07030" : "90210";
            if (!_markets.TryGetValue(market, out var list))
            {
                _markets[market] = list = [];
            }

            list.Add(id);
        }
    }

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Listing and profile calls per advertiser id.</summary>
    public ConcurrentDictionary<string, int> AgentCalls { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> ProfileCalls { get; } = new(StringComparer.Ordinal);

    /// <summary>Fails every listing (and profile) call of an agent, by numeric advertiser id.</summary>
    public Func<long, Exception?> FailAgent { get; set; } = _ => null;

    /// <summary>Fails a discovery page: (market, offset) → exception.</summary>
    public Func<string, int, Exception?> FailMarket { get; set; } = (_, _) => null;

    /// <summary>Called before every call with the running count; throw or cancel from it to simulate a kill.</summary>
    public Action<long> BeforeCall { get; set; } = _ => { };

    public IReadOnlyList<string> Markets => [.. _markets.Keys.Order(StringComparer.Ordinal)];

    public static string Id(long n) => n.ToString(CultureInfo.InvariantCulture);

    public AgentProfile Profile(long n) => _profiles[Id(n)];

    public Task<SourceConnection> ConnectAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new SourceConnection(this, Markets, Today, null, "fake"));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public async Task<AgentPage> GetAgentPageAsync(string postalCode, int offset, FetchContext context, CancellationToken cancellationToken)
    {
        Count();
        await Task.Yield();
        if (FailMarket(postalCode, offset) is { } ex)
        {
            throw ex;
        }

        var ids = _markets.GetValueOrDefault(postalCode) ?? [];
        return new AgentPage(offset, 20, ids.Count, [.. ids.Skip(offset).Take(20).Select(id => _profiles[id])]);
    }

    public async Task<AgentProfile> GetProfileAsync(RosterEntry agent, FetchContext context, CancellationToken cancellationToken)
    {
        Count();
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        ProfileCalls.AddOrUpdate(agent.AdvertiserId, 1, (_, n) => n + 1);
        AgentCalls.AddOrUpdate(agent.AdvertiserId, 1, (_, n) => n + 1);
        if (FailAgent(long.Parse(agent.AdvertiserId, CultureInfo.InvariantCulture)) is { } ex)
        {
            throw ex;
        }

        return _profiles.TryGetValue(agent.AdvertiserId, out var profile) && profile.Contact.NrdsId == agent.NrdsId
            ? profile
            : throw new AgentNotFoundException("http_404", "Agent not found");
    }

    public async Task<ListingPage> GetListingPageAsync(ListingsKey agent, ListingKind kind, int page, int distinctBefore, FetchContext context, CancellationToken cancellationToken)
    {
        Count();
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        AgentCalls.AddOrUpdate(agent.AdvertiserId, 1, (_, n) => n + 1);
        if (FailAgent(long.Parse(agent.AdvertiserId, CultureInfo.InvariantCulture)) is { } ex)
        {
            throw ex;
        }

        var feed = kind == ListingKind.ForSold ? _listings[agent.AdvertiserId] : [];
        var results = feed.Skip((page - 1) * 10).Take(10).ToList();
        return new ListingPage(page, feed.Count, results);
    }

    private void Count() => BeforeCall(Interlocked.Increment(ref _calls));
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PropGrade.Core.Listings;
using PropGrade.Local.Orchestration;

namespace PropGrade.Local.Tests.Fakes;

/// <summary>A seeded in-memory listing API over two markets; counts calls per agent; can fail or block on demand.</summary>
internal sealed class FakeWorldSource : IListingSource, ISourceConnector
{
    public static readonly DateOnly Today = new(2026, 11, 23);

    private readonly Dictionary<long, AgentProfile> _profiles = [];
    private readonly Dictionary<long, List<Listing>> _listings = [];
    private readonly Dictionary<string, List<long>> _markets = new(StringComparer.Ordinal);
    private long _calls;

    public FakeWorldSource(int agents, int seed = 1)
    {
        var random = new Random(seed);
        for (long id = 1; id <= agents; id++)
        {
            var fulfillment = id + 100_000;
            var sold = new List<Listing>();
            var count = random.Next(0, 60);
            var price = random.Next(1, 30) * 100_000m;
            for (var i = 0; i < count; i++)
            {
                var date = Today.AddDays(-random.Next(0, 700));
                sold.Add(new Listing($"L{id}-{i}", Listing.StatusSold, price, price, date.AddDays(-20), date, "07030",
                    [new Advertiser(fulfillment, "me", AdvertiserSide.Seller)]));
            }

            var year = sold.Where(l => l.SoldDate >= Today.AddMonths(-12)).ToList();
            _profiles[id] = new AgentProfile(id, fulfillment, $"Agent {id}", $"Office {id % 7}", null, null, [],
                new ActivitySummary(year.Count, 100_000m, year.Count == 0 ? null : price, null), ActivitySummary.None, false, 2010);
            _listings[fulfillment] = [.. sold.OrderByDescending(l => l.SoldDate)];
            var market = id % 2 == 0 ? "07030" : "90210";
            if (!_markets.TryGetValue(market, out var list))
            {
                _markets[market] = list = [];
            }

            list.Add(id);
        }
    }

    public long Calls => Interlocked.Read(ref _calls);

    public ConcurrentDictionary<long, int> ProfileCalls { get; } = new();

    public Func<long, Exception?> FailAgent { get; set; } = _ => null;

    /// <summary>Called before every call with the running count; throw or cancel from it to simulate a kill.</summary>
    public Action<long> BeforeCall { get; set; } = _ => { };

    public IReadOnlyList<string> Markets => [.. _markets.Keys.Order(StringComparer.Ordinal)];

    public Task<SourceConnection> ConnectAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new SourceConnection(this, Markets, Today, null, "fake"));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public async IAsyncEnumerable<AgentPage> DiscoverAgentsAsync(string postalCode, FetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ids = _markets.GetValueOrDefault(postalCode) ?? [];
        for (var offset = 0; offset < Math.Max(ids.Count, 1); offset += 20)
        {
            Count();
            await Task.Yield();
            yield return new AgentPage(offset, ids.Count, [.. ids.Skip(offset).Take(20).Select(id => _profiles[id])]);
        }
    }

    public async Task<AgentProfile> GetProfileAsync(long advertiserId, FetchContext context, CancellationToken cancellationToken)
    {
        Count();
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        ProfileCalls.AddOrUpdate(advertiserId, 1, (_, n) => n + 1);
        if (FailAgent(advertiserId) is { } ex)
        {
            throw ex;
        }

        return _profiles[advertiserId];
    }

    public async Task<ListingPage> GetListingPageAsync(long fulfillmentId, ListingKind kind, int page, FetchContext context, CancellationToken cancellationToken)
    {
        Count();
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        var feed = kind == ListingKind.ForSold ? _listings[fulfillmentId] : [];
        return new ListingPage(page, 10, feed.Count, [.. feed.Skip((page - 1) * 10).Take(10)]);
    }

    private void Count() => BeforeCall(Interlocked.Increment(ref _calls));
}

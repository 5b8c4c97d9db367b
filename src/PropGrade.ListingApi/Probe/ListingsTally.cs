using System.Globalization;
using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// What the mapped listing pages show, over every page read: statuses, advertiser types, undisclosed prices, pending
/// and contingent flags, page sizes, and the order of each agent's pages.
/// </summary>
internal sealed class ListingsTally
{
    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal) { "seller", "co_seller", "buyer", "co_buyer" };

    private readonly SortedDictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _types = new(StringComparer.Ordinal);
    private readonly SortedSet<int> _pageSizes = [];
    private readonly List<string> _totals = [];
    private readonly Dictionary<(string Agent, ListingKind Kind), PageOrderCheck> _orders = [];
    private readonly Dictionary<(string Agent, ListingKind Kind), HashSet<string>> _ids = [];
    private int _soldPages;
    private int _salePages;
    private int _sold;
    private int _undisclosed;
    private int _pending;
    private int _contingent;

    /// <summary>
    /// Adds a mapped page of <paramref name="agentId"/> (pages of one agent and type in order from page 1); returns the
    /// page's order check (true = in order).
    /// </summary>
    public bool Add(string agentId, ListingKind kind, ListingPage page)
    {
        if (kind == ListingKind.ForSold)
        {
            _soldPages++;
        }
        else
        {
            _salePages++;
        }

        if (!_ids.TryGetValue((agentId, kind), out var ids))
        {
            ids = new HashSet<string>(StringComparer.Ordinal);
            _ids[(agentId, kind)] = ids;
        }

        ids.UnionWith(page.Listings.Select(l => l.ListingId));
        if (!page.IsLast(ids.Count))
        {
            _pageSizes.Add(page.Listings.Count);
        }

        if (_totals.Count < 3)
        {
            _totals.Add(string.Create(CultureInfo.InvariantCulture, $"{(kind == ListingKind.ForSold ? "forSold" : "forSale")} page {page.Page}: {page.Listings.Count} of total {page.Total}"));
        }

        foreach (var listing in page.Listings)
        {
            _statuses[listing.Status] = _statuses.GetValueOrDefault(listing.Status) + 1;
            foreach (var advertiser in listing.Advertisers)
            {
                var type = advertiser.Type.Length == 0 ? "(none)" : advertiser.Type;
                _types[type] = _types.GetValueOrDefault(type) + 1;
            }

            if (listing.IsSold)
            {
                _sold++;
                if (listing.SoldPrice is null)
                {
                    _undisclosed++;
                }
            }
            else if (listing.IsActive)
            {
                _pending += listing.IsPending ? 1 : 0;
                _contingent += listing.IsContingent ? 1 : 0;
            }
        }

        if (!_orders.TryGetValue((agentId, kind), out var order))
        {
            order = new PageOrderCheck(kind);
            _orders[(agentId, kind)] = order;
        }

        return order.Check(page);
    }

    /// <summary>The order check of one agent and type, or null when none of its pages was read.</summary>
    public PageOrderCheck? Order(string agentId, ListingKind kind) => _orders.GetValueOrDefault((agentId, kind));

    public IReadOnlyList<string> UnknownTypes => [.. _types.Keys.Where(t => !KnownTypes.Contains(t))];

    public int UnknownTypeCount => _types.Where(t => !KnownTypes.Contains(t.Key)).Sum(t => t.Value);

    public double? UndisclosedShare => _sold == 0 ? null : (double)_undisclosed / _sold;

    public ListingsReport ToReport(int notSold, int previousSale)
    {
        var (soldOrder, soldDetail) = OrderVerdict(ListingKind.ForSold);
        var (saleOrder, saleDetail) = OrderVerdict(ListingKind.ForSale);
        int? pageSize = _pageSizes.Count == 0 ? null : _pageSizes.Max;
        var sizeDetail = _pageSizes.Count switch
        {
            0 when _soldPages + _salePages == 0 => "no listing page read",
            0 => "every page read was the last one: " + string.Join("; ", _totals),
            1 => string.Create(CultureInfo.InvariantCulture, $"{_pageSizes.Max} results on every page that was not the last ({string.Join("; ", _totals)})"),
            _ => $"pages that were not the last held {string.Join(", ", _pageSizes)} results (the client never assumes a page size: the last page comes from total)",
        };

        return new ListingsReport(
            _soldPages,
            _salePages,
            pageSize,
            sizeDetail,
            new Dictionary<string, int>(_statuses, StringComparer.Ordinal),
            new Dictionary<string, int>(_types, StringComparer.Ordinal),
            UnknownTypes,
            _sold,
            _undisclosed,
            UndisclosedShare,
            notSold,
            previousSale,
            _pending,
            _contingent,
            soldOrder,
            soldDetail,
            saleOrder,
            saleDetail);
    }

    private (string Verdict, string Detail) OrderVerdict(ListingKind kind)
    {
        var checks = _orders.Where(o => o.Key.Kind == kind).Select(o => (o.Key.Agent, Check: o.Value)).ToList();
        var pages = checks.Sum(c => c.Check.PagesChecked);
        if (pages == 0)
        {
            return ("not checked", "no page read");
        }

        var broken = checks.Where(c => c.Check.PagesOutOfOrder > 0).ToList();
        if (broken.Count == 0)
        {
            return ("newest first", string.Create(CultureInfo.InvariantCulture, $"{pages} {(pages == 1 ? "page" : "pages")} of {checks.Count} {(checks.Count == 1 ? "agent" : "agents")} in order"));
        }

        var first = broken[0];
        return ("broken", string.Create(CultureInfo.InvariantCulture,
            $"{broken.Sum(b => b.Check.PagesOutOfOrder)} of {pages} pages out of order ({broken.Count} of {checks.Count} agents); first: agent {first.Agent} {first.Check.FirstBreak}"));
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http;
using PropGrade.Simulator.Faults;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Api;

/// <summary>
/// The three provider endpoints as pure functions of the query: validation (400 with a message, 404 for unknown
/// agents) and the 200 bodies. Transport concerns (keys, rate limit, latency, faults) live in <see cref="ApiPipeline"/>.
/// </summary>
internal sealed class ListingApiHandlers(WorldView world)
{
    public const int PageSize = 10;
    public const int MaxPage = 20;
    public const int MaxLimit = 20;

    /// <summary><c>GET /agents/list?postal_code=&amp;offset=&amp;limit=&amp;sort=recently_sold_high</c>.</summary>
    public ApiResult List(IQueryCollection query)
    {
        var zip = query["postal_code"].ToString();
        if (zip.Length == 0)
        {
            return ApiResult.Error(400, "postal_code is required");
        }

        if (zip.Length != 5 || !zip.All(char.IsAsciiDigit))
        {
            return ApiResult.Error(400, "postal_code must be a 5-digit ZIP code");
        }

        if (!TryReadInt(query, "offset", 0, out var offset) || offset < 0)
        {
            return ApiResult.Error(400, "offset must be a non-negative integer");
        }

        if (!TryReadInt(query, "limit", MaxLimit, out var limit) || limit < 1)
        {
            return ApiResult.Error(400, "limit must be an integer >= 1");
        }

        if (limit > MaxLimit)
        {
            return ApiResult.Error(400, ApiMessages.LimitTooLarge);
        }

        var sort = query["sort"].ToString();
        if (sort.Length > 0 && sort != "recently_sold_high")
        {
            return ApiResult.Error(400, "sort must be recently_sold_high");
        }

        int[] order = world.TryFindMarket(zip, out var market) ? world.MarketOrder(market) : [];
        return new ApiResult(200, ApiJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("matching_rows", order.Length);
            w.WriteStartArray("agents");
            for (var i = offset; i < order.Length && i < (long)offset + limit; i++)
            {
                ApiJson.WriteAgentSummary(w, world, world.Source.GetAgent(order[i]));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    /// <summary><c>GET /agents/get-profile?advertiser_id=</c> → <c>{"agent": AgentSummary}</c>.</summary>
    public ApiResult Profile(IQueryCollection query)
    {
        var raw = query["advertiser_id"].ToString();
        if (raw.Length == 0)
        {
            return ApiResult.Error(400, "advertiser_id is required");
        }

        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return ApiResult.Error(400, "advertiser_id must be a positive integer");
        }

        if (!world.Source.TryFindByAdvertiserId(id, out var index))
        {
            return ApiResult.Error(404, ApiMessages.AgentNotFound);
        }

        return new ApiResult(200, ApiJson.Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("agent");
            ApiJson.WriteAgentSummary(w, world, world.Source.GetAgent(index));
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// <c>GET /agents/get-listings?fulfillment_id=&amp;type=forSale|forSold&amp;page=1..20</c>. A page fault
    /// (<see cref="FaultKind.EmptyPage"/>, <see cref="FaultKind.RepeatedListing"/>) is applied when it fits the page.
    /// </summary>
    public ApiResult Listings(IQueryCollection query, FaultKind? pageFault)
    {
        var raw = query["fulfillment_id"].ToString();
        if (raw.Length == 0)
        {
            return ApiResult.Error(400, "fulfillment_id is required");
        }

        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return ApiResult.Error(400, "fulfillment_id must be a positive integer");
        }

        var type = query["type"].ToString();
        if (type.Length == 0)
        {
            return ApiResult.Error(400, "type is required (forSale or forSold)");
        }

        if (type is not ("forSale" or "forSold"))
        {
            return ApiResult.Error(400, "type must be forSale or forSold");
        }

        if (!TryReadInt(query, "page", 1, out var page) || page < 1)
        {
            return ApiResult.Error(400, "page must be an integer >= 1");
        }

        if (page > MaxPage)
        {
            return ApiResult.Error(400, ApiMessages.PageTooLarge);
        }

        if (!world.Source.TryFindByFulfillmentId(id, out var index))
        {
            return ApiResult.Error(404, ApiMessages.AgentNotFound);
        }

        var feed = world.GetFeed(index);
        var all = type == "forSale" ? feed.ForSale : feed.ForSold;
        var start = (page - 1) * PageSize;
        var items = start < all.Length ? all.AsSpan(start, Math.Min(PageSize, all.Length - start)).ToArray() : [];
        var applied = false;
        if (pageFault == FaultKind.EmptyPage && items.Length > 0)
        {
            items = [];
            applied = true;
        }
        else if (pageFault == FaultKind.RepeatedListing && page >= 2 && items.Length > 0)
        {
            items = [all[start - 1], .. items];
            applied = true;
        }

        return new ApiResult(200, ApiJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("matching_rows", all.Length);
            w.WriteNumber("page", page);
            w.WriteNumber("page_size", PageSize);
            w.WriteStartArray("listings");
            foreach (var listing in items)
            {
                ApiJson.WriteListing(w, world, listing);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }), applied);
    }

    private static bool TryReadInt(IQueryCollection query, string name, int fallback, out int value)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0)
        {
            value = fallback;
            return true;
        }

        // Digits only (a leading '-' is rejected: negative paging parameters are a 400).
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        value = -1;
        return false;
    }
}

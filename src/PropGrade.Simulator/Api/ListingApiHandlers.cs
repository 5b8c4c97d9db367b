using System.Globalization;
using Microsoft.AspNetCore.Http;
using PropGrade.Simulator.Drift;
using PropGrade.Simulator.Faults;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Api;

/// <summary>
/// The three provider endpoints as pure functions of the query: validation (400 with a message, 404 for unknown
/// agents) and the 200 bodies of listing-API contract revision 2 (and of the drift modes). Transport concerns (keys,
/// rate limit, latency, faults) live in <see cref="ApiPipeline"/>.
/// </summary>
internal sealed class ListingApiHandlers(WorldView world, int? offsetCap = null)
{
    public const int PageSize = 10;
    public const int MaxPage = 20;
    public const int MaxLimit = 20;

    /// <summary><c>GET /agents/list?postal_code=&amp;offset=&amp;limit=&amp;sort=recently_sold_high&amp;types=agent</c>.</summary>
    public ApiResult List(IQueryCollection query)
    {
        var zip = query["postal_code"].ToString();
        if (zip.Length == 0)
        {
            return ApiResult.Error(400, ApiMessages.Required(["postal_code"]));
        }

        if (zip.Length != 5 || !zip.All(char.IsAsciiDigit))
        {
            return ApiResult.Error(400, "postal_code must be a 5-digit ZIP code");
        }

        if (!TryReadInt(query, "offset", 0, out var offset) || offset < 0)
        {
            return ApiResult.Error(400, "offset must be a non-negative integer");
        }

        if (offsetCap is { } cap && offset > cap)
        {
            return ApiResult.Error(400, ApiMessages.OffsetTooLarge(cap));
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

        if (!TryReadTypes(query["types"].ToString(), out var agents, out var teams, out var offices))
        {
            return ApiResult.Error(400, "types must be agent, team or office");
        }

        int[] order = [];
        if (world.TryFindMarket(zip, out var market))
        {
            order = agents && !teams && !offices ? world.MarketOrder(market) : Filter(world.EntryOrder(market), market, agents, teams, offices);
        }

        return new ApiResult(200, ApiJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("matching_rows", order.Length);
            w.WriteStartArray("agents");
            for (var i = offset; i < order.Length && i < (long)offset + limit; i++)
            {
                if (order[i] >= 0)
                {
                    ApiJson.WriteAgentSummary(w, world, world.Source.GetAgent(order[i]));
                }
                else
                {
                    ApiJson.WriteOrganization(w, world, world.Source.OrganizationsInMarket(market)[-order[i] - 1]);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    /// <summary><c>GET /agents/get-profile?advertiser_id=&amp;nrds_id=</c> → <c>{"agent": AgentSummary}</c>.</summary>
    public ApiResult Profile(IQueryCollection query)
    {
        var missing = Missing(query, "advertiser_id", "nrds_id");
        if (missing.Count > 0)
        {
            return ApiResult.Error(400, ApiMessages.Required(missing));
        }

        if (!long.TryParse(query["advertiser_id"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return ApiResult.Error(400, "advertiser_id must be a positive integer");
        }

        if (!world.Source.TryFindByAdvertiserId(id, out var index))
        {
            return ApiResult.Error(404, ApiMessages.AgentNotFound);
        }

        var agent = world.Source.GetAgent(index);
        if (!string.Equals(agent.NrdsId, query["nrds_id"].ToString(), StringComparison.Ordinal))
        {
            return ApiResult.Error(404, ApiMessages.AgentNotFound);
        }

        return new ApiResult(200, ApiJson.Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("agent");
            ApiJson.WriteAgentSummary(w, world, agent);
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// <c>GET /agents/get-listings?fulfillment_id=&amp;id=&amp;agent_id=&amp;type=forSale|forSold&amp;page=1..20</c>.
    /// <c>id</c> / <c>agent_id</c> naming none of the agent's MLS entries: 200 with nothing (<c>total</c> 0). A page
    /// fault (<see cref="FaultKind.EmptyPage"/>, <see cref="FaultKind.RepeatedListing"/>) is applied when it fits.
    /// </summary>
    public ApiResult Listings(IQueryCollection query, FaultKind? pageFault)
    {
        var missing = Missing(query, "fulfillment_id", "id", "agent_id", "type");
        if (missing.Count > 0)
        {
            return ApiResult.Error(400, ApiMessages.Required(missing));
        }

        var type = query["type"].ToString();
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

        if (!long.TryParse(query["fulfillment_id"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return ApiResult.Error(400, "fulfillment_id must be a positive integer");
        }

        if (!world.Source.TryFindByAdvertiserId(id, out var index))
        {
            return ApiResult.Error(404, ApiMessages.AgentNotFound);
        }

        SimListing[] all = [];
        if (IsOwnMls(world.Source.MlsOf(index), query["id"].ToString(), query["agent_id"].ToString()))
        {
            var feed = world.GetFeed(index);
            all = type == "forSale" ? feed.ForSale : feed.ServedForSold;
        }

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

        var flat = (world.Drift & DriftMode.FlatEnvelope) != 0;
        return new ApiResult(200, ApiJson.Write(w =>
        {
            w.WriteStartObject();
            if (flat)
            {
                w.WriteNumber("matching_rows", all.Length);
                w.WriteNumber("page", page);
                w.WriteNumber("page_size", PageSize);
                w.WriteStartArray("listings");
            }
            else
            {
                w.WriteStartObject("data");
                w.WriteStartObject(type);
                w.WriteNumber("total", all.Length);
                w.WriteNumber("count", items.Length);
                w.WriteStartArray("results");
            }

            foreach (var listing in items)
            {
                ApiJson.WriteListing(w, world, listing);
            }

            w.WriteEndArray();
            if (!flat)
            {
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }), applied);
    }

    private static bool IsOwnMls(IReadOnlyList<SimMls> entries, string abbreviation, string memberId)
    {
        foreach (var e in entries)
        {
            if (string.Equals(e.Abbreviation, abbreviation, StringComparison.Ordinal) && string.Equals(e.MemberId, memberId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private int[] Filter(int[] entries, int market, bool agents, bool teams, bool offices)
    {
        var organizations = world.Source.OrganizationsInMarket(market);
        return [.. entries.Where(e => e >= 0
            ? agents
            : organizations[-e - 1].Kind == OrganizationKind.Team ? teams : offices)];
    }

    /// <summary>Absent <c>types</c>: everything; else a comma list of agent, team, office.</summary>
    private static bool TryReadTypes(string raw, out bool agents, out bool teams, out bool offices)
    {
        agents = teams = offices = raw.Length == 0;
        if (raw.Length == 0)
        {
            return true;
        }

        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            switch (part)
            {
                case "agent":
                    agents = true;
                    break;
                case "team":
                    teams = true;
                    break;
                case "office":
                    offices = true;
                    break;
                default:
                    return false;
            }
        }

        return agents || teams || offices;
    }

    private static List<string> Missing(IQueryCollection query, params string[] names) =>
        [.. names.Where(n => query[n].ToString().Length == 0)];

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

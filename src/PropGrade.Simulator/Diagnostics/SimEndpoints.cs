using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PropGrade.Simulator.Api;
using PropGrade.Simulator.Drift;
using PropGrade.Simulator.Truth;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Diagnostics;

/// <summary>The simulator-only routes under <c>/__sim/</c> (no key, never rate-limited or faulted).</summary>
internal static class SimEndpoints
{
    /// <summary>Drift modes under which a revision-2 client cannot grade at all, so there is no truth to compare with.</summary>
    private const DriftMode UngradableDrift =
        DriftMode.SoldPriceRenamed | DriftMode.FlatEnvelope | DriftMode.RemovedEndpoint | DriftMode.PendingStatus;

    public static void Map(WebApplication app, WorldView world, SimStats stats, int? offsetCap)
    {
        app.MapGet("/__sim/markets", (HttpContext ctx) => WriteJsonAsync(ctx, 200, ApiJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("today", ApiJson.Date(world.Today));
            w.WriteStartArray("drift");
            foreach (var name in DriftNames.NamesOf(world.Drift))
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            if (offsetCap is { } cap)
            {
                w.WriteNumber("offset_cap", cap);
            }
            else
            {
                w.WriteNull("offset_cap");
            }

            w.WriteStartArray("markets");
            foreach (var m in world.Source.Markets)
            {
                var organizations = world.Source.OrganizationsInMarket(m.Index);
                w.WriteStartObject();
                w.WriteString("postal_code", m.PostalCode);
                w.WriteString("city", m.City);
                w.WriteString("state_code", m.StateCode);
                w.WriteBoolean("non_disclosure", MarketCatalog.IsNonDisclosure(m.StateCode));
                w.WriteNumber("agents", world.Source.AgentsInMarket(m.Index).Count);
                w.WriteNumber("teams", organizations.Count(o => o.Kind == OrganizationKind.Team));
                w.WriteNumber("offices", organizations.Count(o => o.Kind == OrganizationKind.Office));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        })));

        app.MapGet("/__sim/stats", (HttpContext ctx) => WriteJsonAsync(ctx, 200, ApiJson.Write(stats.WriteStats)));
        app.MapPost("/__sim/stats/reset", (HttpContext ctx) =>
        {
            stats.Reset();
            return WriteJsonAsync(ctx, 200, ApiJson.Write(stats.WriteStats));
        });
        app.MapGet("/__sim/requests", (HttpContext ctx) => WriteJsonAsync(ctx, 200, ApiJson.Write(stats.WriteRequests)));

        var truth = new TruthCalculator(world, offsetCap);
        app.MapGet("/__sim/truth", async (HttpContext ctx) =>
        {
            var query = TruthQueryParser.Parse(ctx.Request.Query, world.Today, out var parsed);
            var problems = parsed.ToList();
            if ((world.Drift & UngradableDrift) != 0)
            {
                problems.Add($"there is no truth under drift {string.Join(", ", DriftNames.NamesOf(world.Drift & UngradableDrift))}: "
                    + "a client of contract revision 2 cannot grade from these answers (unsorted-sold and numeric-ids have one)");
            }

            if (problems.Count > 0)
            {
                await WriteJsonAsync(ctx, 400, ApiJson.Message(string.Join("; ", problems)));
                return;
            }

            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            await WriteTruthAsync(ctx.Response.BodyWriter, world, truth, query, ctx.RequestAborted);
        });
    }

    /// <summary>Streams the truth agent by agent (a 100,000-agent answer is tens of MB), totals at the end.</summary>
    private static async Task WriteTruthAsync(PipeWriter pipe, WorldView world, TruthCalculator truth, TruthQuery q, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter(pipe);
        w.WriteStartObject();
        w.WriteString("today", ApiJson.Date(world.Today));
        w.WriteString("sold_since", ApiJson.Date(q.SoldSince));
        w.WriteString("as_of", ApiJson.Date(q.AsOf));
        w.WriteBoolean("include_active", q.IncludeActive);
        w.WriteNumber("max_pages", q.MaxPages);
        w.WriteString("undisclosed_price", q.UndisclosedPrice == UndisclosedPrice.ListPrice ? "listPrice" : "exclude");
        w.WriteBoolean("roster", q.Roster);
        w.WriteStartArray("selected_tiers");
        foreach (var s in q.SelectedTiers)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
        w.WriteStartArray("agents");
        long totalCalls = 0;
        var tierCounts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var written = 0;
        foreach (var index in truth.AgentsOf(q))
        {
            var a = truth.ComputeAgent(index, q);
            totalCalls += a.MinCalls;
            tierCounts[a.Tier] = tierCounts.GetValueOrDefault(a.Tier) + 1;
            WriteAgent(w, a);
            if (++written % 512 == 0)
            {
                await w.FlushAsync(ct);
                await pipe.FlushAsync(ct);
            }
        }

        w.WriteEndArray();
        var markets = truth.Discover(q);
        long discovery = markets.Sum(m => m.Calls);
        w.WriteNumber("total_min_calls", totalCalls);
        w.WriteNumber("discovery_calls", discovery);
        w.WriteNumber("total_calls", totalCalls + discovery);
        w.WriteStartArray("markets");
        foreach (var m in markets)
        {
            w.WriteStartObject();
            w.WriteString("postal_code", m.PostalCode);
            w.WriteNumber("agents", m.Agents);
            w.WriteNumber("discovery_calls", m.Calls);
            w.WriteBoolean("truncated", m.Truncated);
            w.WriteNumber("not_reached", m.NotReached);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("tier_counts");
        foreach (var (tier, n) in tierCounts)
        {
            w.WriteNumber(tier, n);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        await w.FlushAsync(ct);
    }

    private static void WriteAgent(Utf8JsonWriter w, AgentTruth a)
    {
        w.WriteStartObject();
        w.WriteString("advertiser_id", a.AdvertiserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("nrds_id", a.NrdsId);
        w.WriteString("postal_code", a.PostalCode);
        w.WriteNumber("sold_volume", Plain(a.SoldVolume));
        w.WriteNumber("sold_sides", Plain(a.SoldSides));
        w.WriteNumber("active_volume", Plain(a.ActiveVolume));
        w.WriteNumber("active_count", Plain(a.ActiveCount));
        w.WriteNumber("undisclosed_sales", a.UndisclosedSales);
        w.WriteNumber("unknown_sides", a.UnknownSides);
        w.WriteBoolean("volume_estimated", a.VolumeEstimated);
        w.WriteString("tier", a.Tier);
        w.WriteNumber("min_calls", a.MinCalls);
        w.WriteNumber("active_pages", a.ActivePages);
        w.WriteNumber("sold_pages", a.SoldPages);
        w.WriteBoolean("complete", a.Complete);
        w.WriteString("stop_reason", a.StopReason);
        w.WriteNumber("window_sold_volume", Plain(a.WindowSoldVolume));
        w.WriteNumber("window_sold_sides", Plain(a.WindowSoldSides));
        w.WriteNumber("window_active_volume", Plain(a.WindowActiveVolume));
        w.WriteNumber("window_active_count", Plain(a.WindowActiveCount));
        w.WriteNumber("window_undisclosed_sales", a.WindowUndisclosedSales);
        w.WriteString("window_tier", a.WindowTier);
        w.WriteEndObject();
    }

    /// <summary>Drops trailing zeros (0.5 * 650000 is 325000, not 325000.0).</summary>
    private static decimal Plain(decimal value) => value / 1.000000000000000000000000000000000m;

    internal static Task WriteJsonAsync(HttpContext ctx, int status, byte[] body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = body.Length;
        return ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).AsTask();
    }
}

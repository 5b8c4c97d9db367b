using System.Globalization;
using System.Text.Json;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Local.Tests.Integration;

/// <summary>One agent of <c>/__sim/truth</c> (listing-API contract revision 2; ids as strings).</summary>
internal sealed record TruthAgent(
    string AdvertiserId,
    decimal SoldVolume,
    decimal SoldSides,
    decimal ActiveVolume,
    decimal ActiveCount,
    int UndisclosedSales,
    string Tier,
    int MinCalls,
    bool Complete,
    string StopReason);

/// <summary>The simulator's own routes: <c>/__sim/truth</c> (the oracle), <c>/__sim/stats</c>, <c>/__sim/requests</c>.</summary>
internal static class SimOracle
{
    public static async Task<Dictionary<string, TruthAgent>> TruthAsync(Uri baseAddress, GradingPlan plan)
    {
        var tiers = "[" + string.Join(",", plan.Tiers.Select(t =>
            $"{{\"name\":\"{t.Name}\"" + (t.MinVolume is { } v ? $",\"minVolume\":{v.ToString(CultureInfo.InvariantCulture)}" : "")
            + (t.MinSides is { } s ? $",\"minSides\":{s.ToString(CultureInfo.InvariantCulture)}" : "") + "}")) + "]";
        var query = $"__sim/truth?soldSince={plan.SoldSince:yyyy-MM-dd}&asOf={plan.AsOf:yyyy-MM-dd}&includeActive={(plan.IncludeActive ? "true" : "false")}"
            + $"&tiers={Uri.EscapeDataString(tiers)}&selectedTiers={string.Join(",", plan.SelectedTiers)}&maxPages={plan.MaxPages}"
            + $"&undisclosedPrice={UndisclosedPrices.Name(plan.UndisclosedPrice)}";
        using var document = await GetAsync(baseAddress, query);
        return document.RootElement.GetProperty("agents").EnumerateArray().Select(a => new TruthAgent(
            Id(a.GetProperty("advertiser_id")),
            a.GetProperty("sold_volume").GetDecimal(),
            a.GetProperty("sold_sides").GetDecimal(),
            a.GetProperty("active_volume").GetDecimal(),
            a.GetProperty("active_count").GetDecimal(),
            a.TryGetProperty("undisclosed_sales", out var u) ? u.GetInt32() : 0,
            a.GetProperty("tier").GetString()!,
            a.GetProperty("min_calls").GetInt32(),
            a.GetProperty("complete").GetBoolean(),
            a.GetProperty("stop_reason").GetString()!)).ToDictionary(a => a.AdvertiserId, StringComparer.Ordinal);
    }

    public static async Task<long> TotalRequestsAsync(Uri baseAddress)
    {
        using var document = await GetAsync(baseAddress, "__sim/stats");
        return document.RootElement.GetProperty("total").GetInt64();
    }

    /// <summary>Every served <c>/agents/*</c> request as path?query.</summary>
    public static async Task<List<string>> RequestsAsync(Uri baseAddress)
    {
        using var document = await GetAsync(baseAddress, "__sim/requests");
        Assert.False(document.RootElement.GetProperty("truncated").GetBoolean());
        return [.. document.RootElement.GetProperty("requests").EnumerateArray()
            .Select(r => r.GetProperty("path").GetString() + "?" + r.GetProperty("query").GetString())];
    }

    private static string Id(JsonElement id) =>
        id.ValueKind == JsonValueKind.Number ? id.GetInt64().ToString(CultureInfo.InvariantCulture) : id.GetString()!;

    private static async Task<JsonDocument> GetAsync(Uri baseAddress, string relative)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        await using var stream = await http.GetStreamAsync(new Uri(relative, UriKind.Relative));
        return await JsonDocument.ParseAsync(stream);
    }
}

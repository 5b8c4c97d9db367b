using System.Globalization;
using System.Text.Json;
using PropGrade.Core.Grading;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>Reads the simulator's own routes for the benchmarks: server-side request counts and the truth's min_calls.</summary>
internal sealed class SimulatorProbe(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };

    public void Dispose() => _http.Dispose();

    /// <summary>Requests served per endpoint path (every status, faults included).</summary>
    public async Task<Dictionary<string, long>> RequestsByEndpointAsync(CancellationToken ct)
    {
        using var document = await GetAsync("__sim/stats", ct);
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var endpoint in document.RootElement.GetProperty("by_endpoint").EnumerateObject())
        {
            result[endpoint.Name] = endpoint.Value.EnumerateObject().Sum(s => s.Value.GetInt64());
        }

        return result;
    }

    /// <summary>The sum of <c>min_calls</c> over every agent for the plan (discovered agents).</summary>
    public async Task<long> TotalMinCallsAsync(GradingPlan plan, CancellationToken ct) =>
        (await TruthTotalsAsync(plan, Core.Runs.UndisclosedPrices.Name(plan.UndisclosedPrice), roster: false, ct)).MinCalls;

    /// <summary>
    /// The truth's totals for the plan: the sum of <c>min_calls</c> (with one get-profile call per agent when
    /// <paramref name="roster"/>) and the discovery calls (<c>/agents/list</c> pages of 20 with <c>types=agent</c>).
    /// </summary>
    public async Task<(long MinCalls, long DiscoveryCalls)> TruthTotalsAsync(GradingPlan plan, string undisclosedPrice, bool roster, CancellationToken ct)
    {
        var tiers = "[" + string.Join(",", plan.Tiers.Select(t =>
            $"{{\"name\":\"{t.Name}\"" + (t.MinVolume is { } v ? $",\"minVolume\":{v.ToString(CultureInfo.InvariantCulture)}" : "")
            + (t.MinSides is { } s ? $",\"minSides\":{s.ToString(CultureInfo.InvariantCulture)}" : "") + "}")) + "]";
        var query = string.Create(CultureInfo.InvariantCulture,
            $"__sim/truth?soldSince={plan.SoldSince:yyyy-MM-dd}&asOf={plan.AsOf:yyyy-MM-dd}&includeActive={(plan.IncludeActive ? "true" : "false")}&tiers={Uri.EscapeDataString(tiers)}&selectedTiers={string.Join(",", plan.SelectedTiers)}&maxPages={plan.MaxPages}&undisclosedPrice={undisclosedPrice}&roster={(roster ? "true" : "false")}");
        using var document = await GetAsync(query, ct);
        return (document.RootElement.GetProperty("total_min_calls").GetInt64(), document.RootElement.GetProperty("discovery_calls").GetInt64());
    }

    private async Task<JsonDocument> GetAsync(string relative, CancellationToken ct)
    {
        await using var stream = await _http.GetStreamAsync(new Uri(relative, UriKind.Relative), ct);
        return await JsonDocument.ParseAsync(stream, cancellationToken: ct);
    }
}

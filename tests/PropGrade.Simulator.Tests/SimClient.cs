using System.Net.Http.Headers;
using System.Text.Json;

namespace PropGrade.Simulator.Tests;

/// <summary>A raw HTTP client for a running simulator, with the RapidAPI headers set, and the revision-2 call shapes.</summary>
internal sealed class SimClient : IDisposable
{
    public SimClient(SimulatorHost host, string? key = null)
    {
        Host = host;
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        Http.DefaultRequestHeaders.Add("X-RapidAPI-Key", key ?? host.Options.ApiKey);
        Http.DefaultRequestHeaders.Add("X-RapidAPI-Host", host.Options.Host);
        Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public SimulatorHost Host { get; }

    public HttpClient Http { get; }

    /// <summary>The MLS entry get-listings is asked with: the one marked primary, else the first; null when there is none.</summary>
    public static JsonElement? ListingMls(JsonElement agent)
    {
        var entries = agent.GetProperty("mls").EnumerateArray().ToList();
        return entries.Count == 0 ? null : entries.FirstOrDefault(e => e.GetProperty("primary").GetBoolean(), entries[0]);
    }

    /// <summary><c>agents/get-listings?fulfillment_id=…&amp;id=…&amp;agent_id=…&amp;type=…&amp;page=…</c> for an /agents/list entry.</summary>
    public static string ListingsUrl(JsonElement agent, string type, int page, JsonElement? mls = null)
    {
        var entry = mls ?? ListingMls(agent) ?? throw new InvalidOperationException("the agent has no MLS entry");
        return $"agents/get-listings?fulfillment_id={agent.GetProperty("advertiser_id").GetInt64()}" +
            $"&id={Uri.EscapeDataString(entry.GetProperty("abbreviation").GetString()!)}" +
            $"&agent_id={Uri.EscapeDataString(entry.GetProperty("member").GetProperty("id").GetString()!)}&type={type}&page={page}";
    }

    /// <summary><c>agents/get-profile?advertiser_id=…&amp;nrds_id=…</c> for an /agents/list entry.</summary>
    public static string ProfileUrl(JsonElement agent) =>
        $"agents/get-profile?advertiser_id={agent.GetProperty("advertiser_id").GetInt64()}&nrds_id={agent.GetProperty("nrds_id").GetString()}";

    /// <summary>The <c>data.{type}</c> object of a revision-2 get-listings body.</summary>
    public static JsonElement Envelope(JsonElement body, string type) => body.GetProperty("data").GetProperty(type);

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetJsonAsync(string url)
    {
        var response = await Http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return ((int)response.StatusCode, doc.RootElement.Clone(), response);
    }

    public async Task<JsonElement> GetOkAsync(string url)
    {
        var (status, body, _) = await GetJsonAsync(url);
        Assert.True(status == 200, $"GET {url} -> {status}: {body}");
        return body;
    }

    public async Task<byte[]> GetBytesAsync(string url) => await Http.GetByteArrayAsync(url);

    /// <summary>Every agent of a market (<c>types=agent</c>), read in pages of 20.</summary>
    public async Task<List<JsonElement>> MarketAgentsAsync(string zip)
    {
        var agents = new List<JsonElement>();
        for (var offset = 0; ; offset += 20)
        {
            var page = await GetOkAsync($"agents/list?postal_code={zip}&offset={offset}&limit=20&sort=recently_sold_high&types=agent");
            agents.AddRange(page.GetProperty("agents").EnumerateArray());
            if (offset + 20 >= page.GetProperty("matching_rows").GetInt32())
            {
                return agents;
            }
        }
    }

    /// <summary>Every result of an agent's feed of <paramref name="type"/> (pages until the total is read, at most 20).</summary>
    public async Task<List<JsonElement>> FeedAsync(JsonElement agent, string type)
    {
        var results = new List<JsonElement>();
        for (var p = 1; p <= 20; p++)
        {
            var envelope = Envelope(await GetOkAsync(ListingsUrl(agent, type, p)), type);
            var items = envelope.GetProperty("results").EnumerateArray().ToList();
            results.AddRange(items);
            if (items.Count == 0 || results.Count >= envelope.GetProperty("total").GetInt32())
            {
                break;
            }
        }

        return results;
    }

    public void Dispose() => Http.Dispose();
}

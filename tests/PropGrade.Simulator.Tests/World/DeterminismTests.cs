using System.Text.Json;

namespace PropGrade.Simulator.Tests.World;

[Trait("Category", "Integration")]
public sealed class DeterminismTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    /// <summary>
    /// Lists two markets, then reads the profile and both feeds of the busiest agent with an MLS entry and an active
    /// listing (the URLs come from the world itself, as a client's would), plus the simulator's own routes.
    /// </summary>
    private static async Task<List<(string Url, byte[] Body)>> FetchAllAsync(SimulatorOptions options)
    {
        await using var host = await SimulatorHost.StartAsync(options);
        using var client = new SimClient(host);
        var bodies = new List<(string, byte[])>();
        async Task<byte[]> Get(string url)
        {
            var body = await client.GetBytesAsync(url);
            bodies.Add((url, body));
            return body;
        }

        var list = await Get("agents/list?postal_code=10011&offset=0&limit=20&sort=recently_sold_high&types=agent");
        await Get("agents/list?postal_code=90210&offset=0&limit=5");
        using var doc = JsonDocument.Parse(list);
        var top = doc.RootElement.GetProperty("agents").EnumerateArray()
            .First(a => a.GetProperty("mls").GetArrayLength() > 0 && a.GetProperty("for_sale_price").GetProperty("count").GetInt32() > 0);
        await Get(SimClient.ProfileUrl(top));
        await Get(SimClient.ListingsUrl(top, "forSold", 1));
        await Get(SimClient.ListingsUrl(top, "forSale", 1));
        await Get("__sim/markets");
        await Get("__sim/truth?includeActive=true");
        return bodies;
    }

    [Fact]
    public async Task Responses_SameSeedAcrossRestarts_AreByteIdentical()
    {
        var first = await FetchAllAsync(new SimulatorOptions { Agents = 400, Seed = 11, Today = Today });
        var second = await FetchAllAsync(new SimulatorOptions { Agents = 400, Seed = 11, Today = Today });

        Assert.Equal(first.Select(b => b.Url), second.Select(b => b.Url));
        for (var i = 0; i < first.Count; i++)
        {
            Assert.True(first[i].Body.Length > 20, first[i].Url);
            Assert.True(first[i].Body.AsSpan().SequenceEqual(second[i].Body), $"{first[i].Url} differs across restarts");
        }
    }

    [Fact]
    public async Task Responses_DifferentSeed_DescribeADifferentWorld()
    {
        var a = await FetchAllAsync(new SimulatorOptions { Agents = 400, Seed = 11, Today = Today });
        var b = await FetchAllAsync(new SimulatorOptions { Agents = 400, Seed = 12, Today = Today });

        // Every answer differs (names, listings, prices); the market list differs in agent counts.
        for (var i = 0; i < a.Count; i++)
        {
            Assert.False(a[i].Body.AsSpan().SequenceEqual(b[i].Body), $"{a[i].Url} is the same under another seed");
        }
    }

    [Fact]
    public async Task Responses_ATraitRateChanged_LeavesTheSoldHistoryAsItWas()
    {
        // Each trait is drawn from its own stream: a world with every active listing carrying a previous sale has the
        // same sold listings (ids, dates, prices) as the default world.
        var plain = await FetchAllAsync(new SimulatorOptions { Agents = 400, Seed = 11, Today = Today });
        var trapped = await FetchAllAsync(new SimulatorOptions
        {
            Agents = 400, Seed = 11, Today = Today, Traits = WorldTraits.Default with { PreviousSaleRate = 1.0, PreviousSaleInWindowRate = 1.0 },
        });

        Assert.True(plain[3].Body.AsSpan().SequenceEqual(trapped[3].Body), "the forSold page changed");
        Assert.False(plain[4].Body.AsSpan().SequenceEqual(trapped[4].Body), "the forSale page should now carry previous sales");
    }
}

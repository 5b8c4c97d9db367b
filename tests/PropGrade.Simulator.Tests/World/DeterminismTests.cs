namespace PropGrade.Simulator.Tests.World;

[Trait("Category", "Integration")]
public sealed class DeterminismTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static readonly string[] Urls =
    [
        "agents/list?postal_code=10011&offset=0&limit=20&sort=recently_sold_high",
        "agents/list?postal_code=90210&offset=0&limit=5",
        "agents/get-profile?advertiser_id=1000003",
        "agents/get-profile?advertiser_id=1000250",
        "agents/get-listings?fulfillment_id=3000003&type=forSold&page=1",
        "agents/get-listings?fulfillment_id=3000100&type=forSale&page=1",
        "__sim/markets",
        "__sim/truth?includeActive=true",
    ];

    private static async Task<List<byte[]>> FetchAllAsync(SimulatorOptions options)
    {
        await using var host = await SimulatorHost.StartAsync(options);
        using var client = new SimClient(host);
        var bodies = new List<byte[]>();
        foreach (var url in Urls)
        {
            bodies.Add(await client.GetBytesAsync(url));
        }

        return bodies;
    }

    [Fact]
    public async Task Responses_SameSeedAcrossRestarts_AreByteIdentical()
    {
        var first = await FetchAllAsync(new SimulatorOptions { Agents = 400, Seed = 11, Today = Today });
        var second = await FetchAllAsync(new SimulatorOptions { Agents = 400, Seed = 11, Today = Today });

        for (var i = 0; i < Urls.Length; i++)
        {
            Assert.True(first[i].Length > 20, Urls[i]);
            Assert.True(first[i].AsSpan().SequenceEqual(second[i]), $"{Urls[i]} differs across restarts");
        }
    }

    [Fact]
    public async Task Responses_DifferentSeed_DescribeADifferentWorld()
    {
        var a = await FetchAllAsync(new SimulatorOptions { Agents = 400, Seed = 11, Today = Today });
        var b = await FetchAllAsync(new SimulatorOptions { Agents = 400, Seed = 12, Today = Today });

        // Every agent endpoint differs (names, listings, prices); the market list differs in agent counts.
        for (var i = 0; i < Urls.Length; i++)
        {
            Assert.False(a[i].AsSpan().SequenceEqual(b[i]), $"{Urls[i]} is the same under another seed");
        }
    }
}

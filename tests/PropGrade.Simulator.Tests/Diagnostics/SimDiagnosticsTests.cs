using System.Text.Json;
using PropGrade.Simulator.Diagnostics;

namespace PropGrade.Simulator.Tests.Diagnostics;

public sealed class SimDiagnosticsTests
{
    [Fact]
    [Trait("Category", "Integration")]
    public async Task Stats_AfterRequests_CountByEndpointAndStatusLogInOrderAndReset()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { Agents = 80, Today = new DateOnly(2026, 11, 23) });
        using var client = new SimClient(host);
        await client.Http.GetAsync("agents/list?postal_code=10011&types=agent");
        await client.Http.GetAsync("agents/get-profile?advertiser_id=1000001&nrds_id=1");
        await client.Http.GetAsync("agents/get-listings?fulfillment_id=1000001&id=A&agent_id=B&type=forSold&page=21");
        await client.Http.GetAsync("agents/get-listings?fulfillment_id=1000001&id=A&agent_id=B&type=forSold&page=1");
        await client.Http.GetAsync("agents/search");
        await client.Http.GetAsync("__sim/markets");

        var stats = await client.GetOkAsync("__sim/stats");
        Assert.Equal(5, stats.GetProperty("total").GetInt64());
        var byEndpoint = stats.GetProperty("by_endpoint");
        Assert.Equal(1, byEndpoint.GetProperty("/agents/list").GetProperty("200").GetInt32());
        Assert.Equal(1, byEndpoint.GetProperty("/agents/get-profile").GetProperty("404").GetInt32());
        Assert.Equal(1, byEndpoint.GetProperty("/agents/get-listings").GetProperty("400").GetInt32());
        Assert.Equal(1, byEndpoint.GetProperty("/agents/get-listings").GetProperty("200").GetInt32());
        Assert.Equal(1, byEndpoint.GetProperty("/agents/search").GetProperty("404").GetInt32());
        Assert.Empty(stats.GetProperty("faults").EnumerateObject());

        var log = (await client.GetOkAsync("__sim/requests")).GetProperty("requests").EnumerateArray()
            .Select(r => (r.GetProperty("path").GetString(), r.GetProperty("query").GetString(), r.GetProperty("status").GetInt32(), r.GetProperty("fault").ValueKind))
            .ToList();
        Assert.Equal(
            [
                ("/agents/list", "postal_code=10011&types=agent", 200, JsonValueKind.Null),
                ("/agents/get-profile", "advertiser_id=1000001&nrds_id=1", 404, JsonValueKind.Null),
                ("/agents/get-listings", "fulfillment_id=1000001&id=A&agent_id=B&type=forSold&page=21", 400, JsonValueKind.Null),
                ("/agents/get-listings", "fulfillment_id=1000001&id=A&agent_id=B&type=forSold&page=1", 200, JsonValueKind.Null),
                ("/agents/search", "", 404, JsonValueKind.Null),
            ],
            log);

        var reset = await client.Http.PostAsync("__sim/stats/reset", null);
        Assert.True(reset.IsSuccessStatusCode);
        Assert.Equal(0, (await client.GetOkAsync("__sim/stats")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await client.GetOkAsync("__sim/requests")).GetProperty("requests").GetArrayLength());
    }

    [Fact]
    public void Record_OverCapacity_KeepsTheNewestAndSaysTruncated()
    {
        var stats = new SimStats(capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            stats.Record("/agents/get-profile", $"advertiser_id={i}", 200, null);
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            stats.WriteRequests(w);
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        Assert.True(doc.RootElement.GetProperty("truncated").GetBoolean());
        Assert.Equal(
            ["advertiser_id=2", "advertiser_id=3", "advertiser_id=4"],
            doc.RootElement.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("query").GetString()));
        Assert.Equal(5, stats.Total);
    }
}

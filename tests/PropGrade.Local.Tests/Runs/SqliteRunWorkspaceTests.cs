using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Local.Runs;

namespace PropGrade.Local.Tests.Runs;

public sealed class SqliteRunWorkspaceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-ws-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static AgentResult Result(string id, string tier) =>
        new(id, "n", null, "07030", tier, null, 1m, 1m, 0m, 0m, true, false, "end_of_data", 1, 2);

    [Fact]
    public async Task ReadItemsAsync_BeforeDiscovery_IsNull_AfterwardsRoundTrips()
    {
        var workspace = new SqliteRunWorkspace(_dir);
        Assert.Null(await workspace.ReadItemsAsync("r1", default));

        var profile = new Fakes.FakeWorldSource(3).Profile(1);
        await workspace.SaveItemsAsync("r1", [new AgentWorkItem("1", "07030", "nrds1", profile), new AgentWorkItem("2", null, "n2")], default);

        var items = (await workspace.ReadItemsAsync("r1", default))!;
        Assert.Equal(["1", "2"], items.Select(i => i.AdvertiserId));
        Assert.Equal((profile.Contact, profile.PrimaryListingsKey()), (items[0].Profile?.Contact, items[0].Profile?.PrimaryListingsKey()));
        Assert.Equal(new AgentWorkItem("2", null, "n2"), items[1]);
    }

    [Fact]
    public async Task SaveResultsAsync_RetriedBatch_OverwritesInsteadOfDuplicating()
    {
        var workspace = new SqliteRunWorkspace(_dir);
        await workspace.SaveResultsAsync("r1", "b1", [Result("1", "A"), Result("2", "B")], default);
        await workspace.SaveResultsAsync("r1", "b1", [Result("1", "C")], default);

        var results = await workspace.ReadResultsAsync("r1", default).ToListAsync();

        Assert.Equal(2, results.Count);
        Assert.Equal("C", results.Single(r => r.AdvertiserId == "1").Tier);
    }

    [Fact]
    public async Task ReadResultsAsync_StringIds_NumericOrder()
    {
        var workspace = new SqliteRunWorkspace(_dir);
        await workspace.SaveResultsAsync("r1", "b1", [Result("100", "A"), Result("9", "B"), Result("10", "C"), Result("abc", "C")], default);

        var results = await workspace.ReadResultsAsync("r1", default).ToListAsync();

        Assert.Equal(["9", "10", "100", "abc"], results.Select(r => r.AdvertiserId));
    }
}

using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Local.Runs;

namespace PropGrade.Local.Tests.Runs;

public sealed class SqliteRunWorkspaceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-ws-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static AgentResult Result(long id, string tier) =>
        new(id, id + 1, "n", null, "07030", tier, null, 1m, 1m, 0m, 0m, true, false, "end_of_data", 1, 2);

    [Fact]
    public async Task ReadItemsAsync_BeforeDiscovery_IsNull_AfterwardsRoundTrips()
    {
        var workspace = new SqliteRunWorkspace(_dir);
        Assert.Null(await workspace.ReadItemsAsync("r1", default));

        await workspace.SaveItemsAsync("r1", [new AgentWorkItem(1, "07030"), new AgentWorkItem(2, null)], default);

        Assert.Equal([new AgentWorkItem(1, "07030"), new AgentWorkItem(2, null)], await workspace.ReadItemsAsync("r1", default));
    }

    [Fact]
    public async Task SaveResultsAsync_RetriedBatch_OverwritesInsteadOfDuplicating()
    {
        var workspace = new SqliteRunWorkspace(_dir);
        await workspace.SaveResultsAsync("r1", "b1", [Result(1, "A"), Result(2, "B")], default);
        await workspace.SaveResultsAsync("r1", "b1", [Result(1, "C")], default);

        var results = await workspace.ReadResultsAsync("r1", default).ToListAsync();

        Assert.Equal(2, results.Count);
        Assert.Equal("C", results.Single(r => r.AdvertiserId == 1).Tier);
    }
}

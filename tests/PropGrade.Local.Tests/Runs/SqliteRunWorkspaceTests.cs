using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
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
        Assert.Null(await workspace.CountItemsAsync("r1", default));
        Assert.Empty(await workspace.ReadItemsAsync("r1", default).ToListAsync());

        var profile = new Fakes.FakeWorldSource(3).Profile(1);
        var saved = await workspace.SaveItemsAsync("r1", new[] { new AgentWorkItem("1", "07030", "nrds1", profile), new AgentWorkItem("2", null, "n2") }.ToAsyncEnumerable(), default);

        var items = await workspace.ReadItemsAsync("r1", default).ToListAsync();
        Assert.Equal(2, saved);
        Assert.Equal(2, await workspace.CountItemsAsync("r1", default));
        Assert.Equal(["1", "2"], items.Select(i => i.AdvertiserId));
        Assert.Equal((profile.Contact, profile.PrimaryListingsKey()), (items[0].Profile?.Contact, items[0].Profile?.PrimaryListingsKey()));
        Assert.Equal(new AgentWorkItem("2", null, "n2"), items[1]);
    }

    [Fact]
    public async Task ReadLastMarketSliceAsync_SeveralSlices_IsTheHighestOffsetOnly_AndNullForAMarketWithNone()
    {
        var workspace = new SqliteRunWorkspace(_dir);
        var profile = new Fakes.FakeWorldSource(3).Profile(1);
        MarketSlice Slice(int offset, int? next) => new("07030", offset, [new AgentPage(offset, 20, 2000, [profile])], 1, next, false, null, 1, 7);
        // Saved out of order, and with offsets whose text order differs from their number order (1000 < 200 as text).
        await workspace.SaveMarketSliceAsync("r1", Slice(200, 1000), default);
        await workspace.SaveMarketSliceAsync("r1", Slice(1000, null), default);
        await workspace.SaveMarketSliceAsync("r1", Slice(0, 200), default);
        await workspace.SaveMarketSliceAsync("r2", Slice(0, 200), default);

        var last = await workspace.ReadLastMarketSliceAsync("r1", "07030", default);
        var all = await workspace.ReadMarketSlicesAsync("r1", "07030", default);

        Assert.NotNull(last);
        Assert.Equal((1000, null, true), (last.Offset, last.NextOffset, last.Done));
        Assert.Equal(profile.AdvertiserId, Assert.Single(Assert.Single(last.Pages).Agents).AdvertiserId);
        Assert.Equal([0, 200, 1000], all.Select(s => s.Offset));
        Assert.Equal(profile.Contact, all[1].Pages[0].Agents[0].Contact);
        Assert.Null(await workspace.ReadLastMarketSliceAsync("r1", "90210", default));
        Assert.Equal(200, (await workspace.ReadLastMarketSliceAsync("r2", "07030", default))?.NextOffset);
    }

    [Fact]
    public async Task SaveItemsAsync_SeveralChunks_ReadBackInOrder_AndASecondSaveReplaces()
    {
        var workspace = new SqliteRunWorkspace(_dir);
        var many = SqliteRunWorkspace.ItemChunk * 2 + 7;
        var first = await workspace.SaveItemsAsync("r1", Items(many, "a").ToAsyncEnumerable(), default);
        var retried = await workspace.SaveItemsAsync("r1", Items(many, "b").ToAsyncEnumerable(), default);
        var shorter = await workspace.SaveItemsAsync("r2", Items(many, "c").ToAsyncEnumerable(), default);
        shorter = await workspace.SaveItemsAsync("r2", Items(3, "d").ToAsyncEnumerable(), default);

        var items = await workspace.ReadItemsAsync("r1", default).ToListAsync();
        Assert.Equal((many, many, 3), (first, retried, shorter));
        Assert.Equal(Items(many, "b"), items);
        Assert.Equal(many, await workspace.CountItemsAsync("r1", default));
        Assert.Equal(Items(3, "d"), await workspace.ReadItemsAsync("r2", default).ToListAsync());
        Assert.Equal(3, await workspace.CountItemsAsync("r2", default));
    }

    [Fact]
    public async Task SaveItemsAsync_SourceFailsMidway_LeavesNoItems()
    {
        var workspace = new SqliteRunWorkspace(_dir);
        await workspace.SaveItemsAsync("r1", Items(5, "old").ToAsyncEnumerable(), default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => workspace.SaveItemsAsync("r1", FailingAfter(SqliteRunWorkspace.ItemChunk + 1), default));

        Assert.Null(await workspace.CountItemsAsync("r1", default));
        Assert.Empty(await workspace.ReadItemsAsync("r1", default).ToListAsync());
    }

    [Fact]
    public async Task ReadItemsAsync_ADataDirectoryFromBefore_ReadsItsItemsDocument()
    {
        var db = new SqliteDatabase(_dir);
        await using (var connection = await db.OpenAsync(default))
        {
            await SqliteDatabase.ExecuteAsync(connection, """INSERT INTO run_items (run_id, items_json) VALUES ('old', '[{"advertiserId":"9","market":"07030","nrdsId":"n9","profile":null}]')""", default);
        }

        var workspace = new SqliteRunWorkspace(db);

        Assert.Equal(1, await workspace.CountItemsAsync("old", default));
        Assert.Equal([new AgentWorkItem("9", "07030", "n9")], await workspace.ReadItemsAsync("old", default).ToListAsync());
    }

    private static List<AgentWorkItem> Items(int count, string tag) =>
        [.. Enumerable.Range(0, count).Select(i => new AgentWorkItem($"{i}", "07030", $"{tag}{i}"))];

    private static async IAsyncEnumerable<AgentWorkItem> FailingAfter(int count)
    {
        foreach (var item in Items(count, "x"))
        {
            await Task.Yield();
            yield return item;
        }

        throw new InvalidOperationException("market not discovered to the end");
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

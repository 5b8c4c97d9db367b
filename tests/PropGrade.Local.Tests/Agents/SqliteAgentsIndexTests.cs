using System.Globalization;
using PropGrade.AgentIndex;
using PropGrade.Core.Agents;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

namespace PropGrade.Local.Tests.Agents;

/// <summary>
/// The agents index (one SQLite file per run, <see cref="AgentIndexFile"/> + <see cref="SqliteAgentsReader"/>): filters,
/// search, every sort in both directions with the export order as tie-break, paging, lookups, the breakdown, and the
/// file itself (atomic replace, owner-only modes).
/// </summary>
public sealed class SqliteAgentsIndexTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly GradingPlan Plan = GradingPlan.From(new RunDefaults(Today, ["07030"]).CreateDefaultRequest(), Today);
    private static readonly string[] Tiers = ["A", "B", "C", "Unranked"];
    private static readonly string[] Movements = ["up", "down", "same", "new", ""];
    private static readonly string[] Cities = ["Hoboken", "Jersey City", "Austin", "Zürich"];

    private readonly string _dir = Directory.CreateTempSubdirectory("pg-agents-index-").FullName;
    private readonly FileRunAgentsIndex _index;
    private readonly List<GradedRow> _rows;

    public SqliteAgentsIndexTests()
    {
        _index = FileRunAgentsIndex.UnderDataDirectory(_dir);
        _rows = Rows(240);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>240 rows in export order (tier, volume descending, id), with ties in volume, nulls in office and city, every movement.</summary>
    private static List<GradedRow> Rows(int count)
    {
        var rows = new List<GradedRow>();
        for (var i = 0; i < count; i++)
        {
            var tier = Tiers[i % 4];
            var id = (1000 + (i * 7919 % count)).ToString(CultureInfo.InvariantCulture);
            rows.Add(new GradedRow(
                id, id, (i % 3 == 0 ? "Smith " : "Garcia ") + (char)('A' + i % 26) + " " + i, i % 5 == 0 ? null : "Office " + (i % 11),
                tier, (i % 13) * 1_000_000m, i % 9 + 0.5m, i % 4 * 100_000m, i % 4, Tiers[(i + 1) % 4], i % 6 != 0, i % 6 != 0 ? StopReasons.WindowEnd : StopReasons.DepthCap,
                i % 19 + 1, Movements[i % 5], i % 7 == 0 ? null : "0703" + (i % 3), i % 2, false, 0,
                i % 8 == 0 ? null : new AgentContact(null, null, null, null, null, null, Cities[i % 4], "NJ", null)));
        }

        var rank = Tiers.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        return [.. rows.OrderBy(r => rank[r.Tier]).ThenByDescending(r => r.SoldVolume).ThenBy(r => r.AdvertiserId.Length).ThenBy(r => r.AdvertiserId, StringComparer.Ordinal)];
    }

    private async Task<IRunAgentsReader> WrittenAsync(string runId = "r1")
    {
        await _index.WriteAsync(runId, Plan, _rows, default);
        return (await _index.OpenAsync(runId, default))!;
    }

    private static async Task<List<GradedRow>> AllPagesAsync(IRunAgentsReader reader, AgentQuery query)
    {
        var all = new List<GradedRow>();
        for (var page = 1; ; page++)
        {
            var result = await reader.QueryAsync(query with { Page = page }, default);
            all.AddRange(result.Rows);
            if (result.Rows.Count < query.PageSize)
            {
                Assert.Equal(result.Total, all.Count);
                return all;
            }
        }
    }

    [Fact]
    public async Task OpenAsync_NoIndex_IsNull()
    {
        Assert.Null(await _index.OpenAsync("never-written", default));
    }

    [Fact]
    public async Task QueryAsync_NoFilter_ListsEveryRowInExportOrder()
    {
        var reader = await WrittenAsync();

        var rows = await AllPagesAsync(reader, new AgentQuery(PageSize: 50));

        Assert.Equal(_rows.Select(r => r.AdvertiserId), rows.Select(r => r.AdvertiserId));
        Assert.Equal(_rows[17], rows[17]);
    }

    [Fact]
    public async Task QueryAsync_EachFilter_KeepsExactlyTheMatchingRows()
    {
        var reader = await WrittenAsync();

        async Task Check(AgentQuery query, Func<GradedRow, bool> expected)
        {
            var rows = await AllPagesAsync(reader, query with { PageSize = 200 });
            Assert.Equal(_rows.Where(expected).Select(r => r.AdvertiserId), rows.Select(r => r.AdvertiserId));
            Assert.NotEmpty(rows);
        }

        await Check(new AgentQuery(Tier: "B"), r => r.Tier == "B");
        await Check(new AgentQuery(Tier: "Unranked"), r => r.Tier == "Unranked");
        await Check(new AgentQuery(Market: "07031"), r => r.Market == "07031");
        await Check(new AgentQuery(Movement: "up"), r => r.Movement == "up");
        await Check(new AgentQuery(Movement: AgentMovements.None), r => r.Movement == "");
        await Check(new AgentQuery(Incomplete: true), r => !r.Complete);
        await Check(new AgentQuery(Incomplete: false), r => r.Complete);
        await Check(new AgentQuery(Tier: "A", Movement: "same", Incomplete: false), r => r is { Tier: "A", Movement: "same", Complete: true });
    }

    [Theory]
    [InlineData("smith")]
    [InlineData("SMITH")]
    [InlineData("office 3")]
    [InlineData("1007")]
    [InlineData("jersey")]
    [InlineData("zürich")]
    public async Task QueryAsync_Search_MatchesNameOfficeIdOrCityAnywhereIgnoringCase(string text)
    {
        var reader = await WrittenAsync();
        var needle = text.ToLowerInvariant();

        var rows = await AllPagesAsync(reader, new AgentQuery(Search: text, PageSize: 200));

        var expected = _rows.Where(r => new[] { r.Name, r.Office ?? "", r.AdvertiserId, r.Contact?.City ?? "" }.Any(f => f.ToLowerInvariant().Contains(needle, StringComparison.Ordinal)));
        Assert.Equal(expected.Select(r => r.AdvertiserId), rows.Select(r => r.AdvertiserId));
        Assert.NotEmpty(rows);
    }

    [Fact]
    public async Task QueryAsync_SearchWithLikeWildcards_MatchesThemLiterally()
    {
        var reader = await WrittenAsync();

        Assert.Equal(0, (await reader.QueryAsync(new AgentQuery(Search: "%"), default)).Total);
        Assert.Equal(0, (await reader.QueryAsync(new AgentQuery(Search: "_"), default)).Total);
    }

    public static TheoryData<string, bool> Sorts()
    {
        var data = new TheoryData<string, bool>();
        foreach (var key in AgentSortKeys.All)
        {
            data.Add(key, false);
            data.Add(key, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task QueryAsync_EverySort_OrdersByItsColumnThenByTheExportOrder(string sort, bool descending)
    {
        var reader = await WrittenAsync();

        var rows = await AllPagesAsync(reader, new AgentQuery(Sort: sort, Descending: descending, PageSize: 37));

        var rank = _rows.Select((r, i) => (r.AdvertiserId, i)).ToDictionary(x => x.AdvertiserId, x => x.i, StringComparer.Ordinal);
        var comparer = Comparer<GradedRow>.Create((a, b) =>
        {
            if (sort == AgentSortKeys.Default)
            {
                return (descending ? -1 : 1) * rank[a.AdvertiserId].CompareTo(rank[b.AdvertiserId]);
            }

            // A missing office, city or market sorts after every value, in both directions.
            var missing = Missing(sort, a).CompareTo(Missing(sort, b));
            if (missing != 0)
            {
                return missing;
            }

            var byKey = Key(sort, a, b);
            byKey = descending ? -byKey : byKey;
            return byKey != 0 ? byKey : rank[a.AdvertiserId].CompareTo(rank[b.AdvertiserId]);
        });
        Assert.Equal(_rows.Order(comparer).Select(r => r.AdvertiserId), rows.Select(r => r.AdvertiserId));
        Assert.Equal(_rows.Count, rows.Select(r => r.AdvertiserId).Distinct().Count());
    }

    private static bool Missing(string sort, GradedRow row) => sort switch
    {
        "office" => row.Office is null,
        "city" => row.Contact?.City is null,
        "market" => row.Market is null,
        _ => false,
    };

    /// <summary>What each sort compares (text ignoring case).</summary>
    private static int Key(string sort, GradedRow a, GradedRow b)
    {
        int Text(string? x, string? y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
        int TierRank(string? t) => t is null ? 5 : Array.IndexOf(Tiers, t);
        int MovementRank(string m) => m switch { "up" => 0, "new" => 1, "same" => 2, "down" => 3, _ => 4 };
        return sort switch
        {
            AgentSortKeys.Default => 0,
            "advertiserId" => a.AdvertiserId.Length != b.AdvertiserId.Length ? a.AdvertiserId.Length.CompareTo(b.AdvertiserId.Length) : string.CompareOrdinal(a.AdvertiserId, b.AdvertiserId),
            "name" => Text(a.Name, b.Name),
            "office" => Text(a.Office, b.Office),
            "city" => Text(a.Contact?.City, b.Contact?.City),
            "market" => Text(a.Market, b.Market),
            "tier" => TierRank(a.Tier).CompareTo(TierRank(b.Tier)),
            "volume" or "soldVolume" => a.SoldVolume.CompareTo(b.SoldVolume),
            "soldSides" => a.SoldSides.CompareTo(b.SoldSides),
            "activeVolume" => a.ActiveVolume.CompareTo(b.ActiveVolume),
            "activeCount" => a.ActiveCount.CompareTo(b.ActiveCount),
            "initialTier" => TierRank(a.InitialTier).CompareTo(TierRank(b.InitialTier)),
            "movement" => MovementRank(a.Movement).CompareTo(MovementRank(b.Movement)),
            "complete" => a.Complete.CompareTo(b.Complete),
            "stopReason" => string.CompareOrdinal(a.StopReason, b.StopReason),
            "pagesFetched" => a.PagesFetched.CompareTo(b.PagesFetched),
            "undisclosedSales" => a.UndisclosedSales.CompareTo(b.UndisclosedSales),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
        };
    }

    [Fact]
    public async Task QueryAsync_FilterSearchSortAndPage_TogetherGiveTheRightSlice()
    {
        var reader = await WrittenAsync();

        var page = await reader.QueryAsync(new AgentQuery(Incomplete: false, Search: "garcia", Sort: "soldVolume", Descending: true, Page: 2, PageSize: 10), default);

        var rank = _rows.Select((r, i) => (r.AdvertiserId, i)).ToDictionary(x => x.AdvertiserId, x => x.i, StringComparer.Ordinal);
        var expected = _rows.Where(r => r.Complete && r.Name.Contains("Garcia", StringComparison.Ordinal))
            .OrderByDescending(r => r.SoldVolume).ThenBy(r => rank[r.AdvertiserId]).ToList();
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected.Skip(10).Take(10).Select(r => r.AdvertiserId), page.Rows.Select(r => r.AdvertiserId));
    }

    [Fact]
    public async Task QueryAsync_PagePastTheEnd_IsEmptyButCountsTheMatches()
    {
        var reader = await WrittenAsync();

        var result = await reader.QueryAsync(new AgentQuery(Tier: "A", Page: 99, PageSize: 50), default);

        Assert.Empty(result.Rows);
        Assert.Equal(_rows.Count(r => r.Tier == "A"), result.Total);
    }

    [Fact]
    public async Task FindAsync_KnownAndUnknownAgent_ReturnsTheRowOrNull()
    {
        var reader = await WrittenAsync();

        Assert.Equal(_rows[5], await reader.FindAsync(_rows[5].AdvertiserId, default));
        Assert.Null(await reader.FindAsync("999999", default));
    }

    [Fact]
    public async Task BreakdownAsync_CountsTiersIncompleteAndMovementPerMarket_AndListsTheTopMovers()
    {
        var reader = await WrittenAsync();

        var breakdown = await reader.BreakdownAsync(default);

        Assert.Equal(Tiers, breakdown.Tiers);
        Assert.Equal(_rows.Count, breakdown.Markets.Sum(m => m.Agents));
        foreach (var market in breakdown.Markets)
        {
            var mine = _rows.Where(r => (r.Market ?? "") == market.Market).ToList();
            Assert.Equal(mine.Count, market.Agents);
            Assert.Equal(Tiers.Select(t => (long)mine.Count(r => r.Tier == t)), Tiers.Select(t => market.Tiers[t]));
            Assert.Equal(mine.Count(r => !r.Complete), market.Incomplete);
            Assert.Equal(mine.Count(r => r.Movement == "up"), market.Movement.GetValueOrDefault("up"));
        }

        Assert.Equal(breakdown.Markets.Select(m => m.Agents).OrderDescending(), breakdown.Markets.Select(m => m.Agents));
        var up = _rows.Where(r => r.Movement == "up").OrderByDescending(r => r.SoldVolume).Take(RunBreakdown.TopMovers).Select(r => r.SoldVolume);
        Assert.Equal(up, breakdown.MovedUp.Select(r => r.SoldVolume));
        Assert.All(breakdown.MovedDown, r => Assert.Equal("down", r.Movement));
        Assert.Equal(RunBreakdown.TopMovers, breakdown.MovedDown.Count);
    }

    [Fact]
    public async Task WriteAsync_Again_ReplacesTheIndexAtOnceAndLeavesNoTemporaryFile()
    {
        var before = await WrittenAsync();
        Assert.Equal(_rows.Count, (await before.QueryAsync(new AgentQuery(), default)).Total);

        await _index.WriteAsync("r1", Plan, _rows.Take(3).ToList(), default);

        var after = (await _index.OpenAsync("r1", default))!;
        Assert.Equal(3, (await after.QueryAsync(new AgentQuery(), default)).Total);
        Assert.Equal([AgentIndexFile.FileName], Directory.GetFiles(Path.GetDirectoryName(_index.PathOf("r1"))!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_CreatesTheFileAndItsDirectoryForTheOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await WrittenAsync();

        var path = _index.PathOf("r1");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task WriteAsync_Cancelled_LeavesNoIndexAndNoTemporaryFile()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _index.WriteAsync("r2", Plan, _rows, cancelled.Token));

        Assert.Null(await _index.OpenAsync("r2", default));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_index.PathOf("r2"))!));
    }

    [Fact]
    public void PathOf_ARunIdThatIsNotADirectoryName_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => _index.PathOf("../x"));
        Assert.Throws<ArgumentException>(() => _index.PathOf(".hidden"));
    }
}

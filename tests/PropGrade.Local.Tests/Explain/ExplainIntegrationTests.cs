using PropGrade.Core.Agents;
using PropGrade.Core.Explain;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Local.Tests.Integration;
using PropGrade.Local.Tests.Support;
using PropGrade.Simulator;

namespace PropGrade.Local.Tests.Explain;

/// <summary>
/// "Why this tier" against real runs of the simulator over HTTP: for every graded agent of a run, the explained
/// listings add up to its graded row (figures, pages, stop reason), with zero API calls; a regrade is explained from
/// its source run's raw store; a changed raw group is reported, not hidden.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ExplainIntegrationTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly List<string> _dirs = [];

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private LocalEngine NewEngine(int agents)
    {
        var dir = Directory.CreateTempSubdirectory("pg-explain-").FullName;
        _dirs.Add(dir);
        return new LocalEngine(new LocalEngineOptions
        {
            DataDir = dir,
            Simulator = new SimulatorOptions { Agents = agents, Today = Today },
            Concurrency = 8,
            BatchSize = 10,
        });
    }

    private static async Task<List<Core.Exports.GradedRow>> AllRowsAsync(LocalEngine engine, string runId)
    {
        var access = await engine.Agents.OpenAsync(runId, default);
        var page = await access!.Reader!.QueryAsync(new AgentQuery(PageSize: AgentQueryParser.MaxPageSize), default);
        var rows = page.Rows.ToList();
        for (var p = 2; rows.Count < page.Total; p++)
        {
            rows.AddRange((await access.Reader.QueryAsync(new AgentQuery(Page: p, PageSize: AgentQueryParser.MaxPageSize), default)).Rows);
        }

        return rows;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExplainAsync_EveryAgentOfARun_AddsUpToItsGradedRowWithZeroCalls(bool includeActive)
    {
        await using var engine = NewEngine(400);
        var request = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest() with { IncludeActive = includeActive };
        var runId = await engine.SubmitAsync(request, RunTrigger.Cli, default);
        var record = await engine.ExecuteAsync(runId, null, default);
        var rows = await AllRowsAsync(engine, runId);
        var served = await SimOracle.TotalRequestsAsync(engine.Simulator!.BaseAddress);

        var verdicts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var result = await engine.Explainer.ExplainAsync(runId, row.AdvertiserId, default);

            var e = Assert.IsType<AgentExplanation>(result.Explanation);
            Assert.True(e.MatchesRow, $"agent {row.AdvertiserId}: {string.Join(" ", e.Notes)}");
            Assert.Equal(row, e.Row);
            Assert.Equal(row.StopReason, e.StopReason);
            Assert.Equal(row.PagesFetched, e.Pages.Count(p => p.Read));
            Assert.Equal(row.SoldVolume, e.Listings.Where(l => l.Counted && l.Stage == SoldStage.Name).Sum(l => l.Volume));
            Assert.Equal(row.SoldSides, e.Listings.Where(l => l.Counted && l.Stage == SoldStage.Name).Sum(l => l.Sides));
            Assert.Equal(row.ActiveVolume, e.Listings.Where(l => l.Counted && l.Stage == ActiveStage.Name).Sum(l => l.Volume));
            Assert.Empty(e.Integrity.Failures);
            Assert.False(e.Integrity.ReadEveryGroup);
            Assert.All(e.Listings, l => Assert.False(string.IsNullOrWhiteSpace(l.Reason)));
            Assert.Contains(e.Tiers, t => t.Tier == row.Tier && t.Met || row.Tier == "Unranked");
            verdicts.UnionWith(e.Listings.Select(l => l.Verdict));
        }

        Assert.Equal(record.Counters.AgentsDone, rows.Count);
        Assert.Equal(served, await SimOracle.TotalRequestsAsync(engine.Simulator.BaseAddress)); // zero API calls
        Assert.Contains(ListingVerdicts.Counted, verdicts);
        Assert.Contains(ListingVerdicts.OutsideWindow, verdicts);
        Assert.Contains(ListingVerdicts.UnknownAdvertiserType, verdicts);
        if (includeActive)
        {
            Assert.Contains(rows, r => r.ActiveVolume > 0);
        }
    }

    [Fact]
    public async Task ExplainAsync_ARegradeWithOtherTiers_IsExplainedFromItsSourceRunsRawStore()
    {
        await using var engine = NewEngine(300);
        var request = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest();
        var original = await engine.SubmitAsync(request, RunTrigger.Cli, default);
        await engine.ExecuteAsync(original, null, default);
        var lower = request with { Tiers = [new("A", 8_000_000m, null), new("B", 3_000_000m, 10m), new("C", 1_000_000m, 4m)] };
        var regrade = await engine.SubmitRegradeAsync(original, lower, RunTrigger.Cli, default);
        await engine.ExecuteAsync(regrade, null, default);

        var rows = await AllRowsAsync(engine, regrade);
        foreach (var row in rows.Where(r => r.PagesFetched > 0).Take(60))
        {
            var e = (await engine.Explainer.ExplainAsync(regrade, row.AdvertiserId, default)).Explanation!;

            Assert.True(e.MatchesRow, $"agent {row.AdvertiserId}: {string.Join(" ", e.Notes)}");
            Assert.Equal(original, e.Integrity.RawRunId);
            Assert.Contains(e.Notes, n => n.Contains("regrade", StringComparison.Ordinal));
        }

        Assert.Contains(rows, r => r.StopReason == "tier_settled");
    }

    [Fact]
    public async Task ExplainAsync_AGroupChangedOnDisk_IsReportedByNameAndTheMismatchSaid()
    {
        await using var engine = NewEngine(200);
        var runId = await engine.SubmitAsync((await engine.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
        await engine.ExecuteAsync(runId, null, default);
        var rawDirectory = Path.Combine(engine.DataDir, "runs", runId, "raw");
        var entry = RawTamper.Manifest(rawDirectory).First(e => e.Group.StartsWith("agents-", StringComparison.Ordinal) && e.Agents is { Count: > 0 });
        var rows = await AllRowsAsync(engine, runId);
        var victim = rows.First(r => entry.Agents!.Contains(r.AdvertiserId) && r.PagesFetched > 0);
        RawTamper.FlipBytes(Path.Combine(rawDirectory, entry.Segment), entry.Offset + 20, 4);

        var e = (await engine.Explainer.ExplainAsync(runId, victim.AdvertiserId, default)).Explanation!;

        var failure = Assert.Single(e.Integrity.Failures);
        Assert.Equal(entry.Group, failure.Group);
        Assert.True(e.Integrity.ReadEveryGroup);
        Assert.False(e.MatchesRow);
        Assert.Contains(e.Notes, n => n.Contains("failed verification", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExplainAsync_UnknownAgentOrRun_SaysWhich()
    {
        await using var engine = NewEngine(50);
        var runId = await engine.SubmitAsync((await engine.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
        await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(ExplainStatus.NoSuchAgent, (await engine.Explainer.ExplainAsync(runId, "424242424", default)).Status);
        Assert.Equal(ExplainStatus.NoSuchRun, (await engine.Explainer.ExplainAsync("20260101T000000Z-000000", "1", default)).Status);
    }

    [Fact]
    public async Task AgentsIndex_DeletedAfterTheRun_IsBuiltAgainFromTheStoredResultsAndExport()
    {
        await using var engine = NewEngine(150);
        var request = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest();
        // Movement needs a comparable earlier run: same definition, a window of the same length ending a month earlier.
        var earlier = request with { SoldSince = request.SoldSince.AddMonths(-1), AsOf = request.AsOf.AddMonths(-1) };
        var first = await engine.SubmitAsync(earlier, RunTrigger.Cli, default);
        await engine.ExecuteAsync(first, null, default);
        var second = await engine.SubmitAsync(request, RunTrigger.Cli, default);
        await engine.ExecuteAsync(second, null, default);
        var written = await AllRowsAsync(engine, second);
        Assert.Contains(written, r => r.Movement.Length > 0);
        File.Delete(engine.AgentsIndex.PathOf(second));

        var rebuilt = await AllRowsAsync(engine, second);

        Assert.True(File.Exists(engine.AgentsIndex.PathOf(second)));
        var exported = written.Where(r => request.SelectedTiers.Contains(r.Tier)).ToList();
        Assert.Equal(exported, rebuilt.Where(r => request.SelectedTiers.Contains(r.Tier)));
        // Agents outside the exported tiers have no graded.csv row to take their movement and previous tier from.
        Assert.Equal(written.Select(r => r with { Movement = "", PreviousTier = null }), rebuilt.Select(r => r with { Movement = "", PreviousTier = null }));
    }
}

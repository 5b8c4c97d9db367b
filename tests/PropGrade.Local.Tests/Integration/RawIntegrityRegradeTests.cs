using System.Globalization;
using PropGrade.Core.Audit;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Local.Audit;
using PropGrade.Local.Tests.Support;
using PropGrade.Simulator;

namespace PropGrade.Local.Tests.Integration;

/// <summary>
/// A regrade over a damaged or tampered raw audit trail, against the real simulator over HTTP: the damaged group is
/// refused by name, its agents end incomplete (<c>raw_integrity</c>) instead of being graded from changed data, and
/// every other agent grades exactly as before.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RawIntegrityRegradeTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-rawint-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LocalEngine NewEngine() => new(new LocalEngineOptions
    {
        DataDir = _dir,
        // Every agent with an MLS entry, so that the original run succeeds and only tampering makes agents incomplete.
        Simulator = new SimulatorOptions { Agents = 300, Today = Today, Traits = WorldTraits.Default with { NoMlsRate = 0 } },
        Concurrency = 4,
        BatchSize = 10,
    });

    private static string Id(AgentResult result) => result.AdvertiserId.ToString(CultureInfo.InvariantCulture);

    private async Task<(LocalEngine Engine, RunRequest Request, string RunId, string RawDir)> RunAsync()
    {
        var engine = NewEngine();
        var request = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest();
        var runId = await engine.SubmitAsync(request, RunTrigger.Cli, default);
        var record = await engine.ExecuteAsync(runId, null, default);
        Assert.Equal(RunStatus.Succeeded, record.Status);
        return (engine, request, runId, ((FileRawStore)engine.RawStore!).RawDirectory(runId));
    }

    /// <summary>An agent batch's group in the middle of its segment (groups after it in the same segment).</summary>
    private static RawManifestEntry MiddleAgentGroup(string rawDir)
    {
        var agents = RawTamper.Manifest(rawDir).Where(e => e.Group.StartsWith("agents-", StringComparison.Ordinal)).ToList();
        return agents[agents.Count / 2];
    }

    private static async Task AssertOthersUnchangedAsync(LocalEngine engine, string original, string regrade, IReadOnlyCollection<string> refused)
    {
        var before = (await engine.Workspace.ReadResultsAsync(original, default).ToListAsync()).ToDictionary(Id);
        var after = await engine.Workspace.ReadResultsAsync(regrade, default).ToListAsync();
        Assert.Equal(before.Count, after.Count);
        foreach (var result in after)
        {
            if (refused.Contains(Id(result)))
            {
                Assert.False(result.Complete);
                Assert.Equal(RawIntegrityCodes.RawIntegrity, result.StopReason);
            }
            else
            {
                // Records compare lists by reference: compare the unknown advertiser types by content, the rest as records.
                Assert.Equal(before[Id(result)] with { UnknownTypes = null }, result with { UnknownTypes = null });
                Assert.Equal(before[Id(result)].UnknownTypes ?? [], result.UnknownTypes ?? []);
            }
        }
    }

    [Fact]
    public async Task ExecuteRegrade_PricesRewrittenInsideAValidGzipMember_GroupRefusedByNameItsAgentsIncomplete()
    {
        var (engine, request, original, rawDir) = await RunAsync();
        await using var _ = engine;
        var target = MiddleAgentGroup(rawDir);
        RawTamper.PricesTimesTen(rawDir, target);

        var regradeId = await engine.SubmitRegradeAsync(original, request, RunTrigger.Cli, default);
        var regrade = await engine.ExecuteAsync(regradeId, null, default);

        Assert.Equal(RunStatus.Partial, regrade.Status);
        Assert.Equal(0, regrade.Counters.ApiCalls);
        Assert.Contains($"raw group {target.Group} in {target.Segment}: sha256 mismatch", regrade.Error, StringComparison.Ordinal);
        Assert.Equal(target.Agents!.Count, regrade.Counters.AgentsIncomplete);
        await AssertOthersUnchangedAsync(engine, original, regradeId, target.Agents!);
        var summary = System.Text.Encoding.UTF8.GetString((await ExportFiles.ReadAllAsync(engine, regradeId))[ExportNames.SummaryJson]);
        Assert.Contains($"\"{RawIntegrityCodes.RawIntegrity}\": {target.Agents!.Count}", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteRegrade_SixteenBytesFlippedMidSegment_OnlyThatGroupLostAndNamed()
    {
        var (engine, request, original, rawDir) = await RunAsync();
        await using var _ = engine;
        var manifest = RawTamper.Manifest(rawDir);
        var segment = Path.Combine(rawDir, manifest[0].Segment);
        var middle = new FileInfo(segment).Length / 2;
        var hit = manifest.Single(e => e.Segment == manifest[0].Segment && e.Offset <= middle && middle < e.Offset + e.Length);
        var flipAt = Math.Min(middle, hit.Offset + hit.Length - 16);
        RawTamper.FlipBytes(segment, flipAt, 16);
        Assert.Contains(manifest, e => e.Segment == hit.Segment && e.Offset > hit.Offset);

        var regradeId = await engine.SubmitRegradeAsync(original, request, RunTrigger.Cli, default);
        var regrade = await engine.ExecuteAsync(regradeId, null, default);

        Assert.Contains($"raw group {hit.Group} in {hit.Segment}: sha256 mismatch", regrade.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("lack raw data", regrade.Error, StringComparison.Ordinal);
        await AssertOthersUnchangedAsync(engine, original, regradeId, hit.Agents!);
        Assert.Equal(hit.Agents!.Count, regrade.Counters.AgentsIncomplete);
    }

    [Fact]
    public async Task ExecuteRegrade_RunWithoutManifests_ReplaysByteIdenticalWithAnUnverifiedWarning()
    {
        var (engine, request, original, rawDir) = await RunAsync();
        await using var _ = engine;
        foreach (var manifest in Directory.GetFiles(rawDir, "*" + FileRawStore.ManifestExtension))
        {
            File.Delete(manifest);
        }

        var regradeId = await engine.SubmitRegradeAsync(original, request, RunTrigger.Cli, default);
        var regrade = await engine.ExecuteAsync(regradeId, null, default);

        Assert.Equal(RunStatus.Succeeded, regrade.Status);
        Assert.Contains(RawIntegrityCodes.RawUnverified, regrade.Error, StringComparison.Ordinal);
        Assert.Contains("unverified", regrade.Error, StringComparison.Ordinal);
        var expected = await ExportFiles.ReadAllAsync(engine, original);
        var actual = await ExportFiles.ReadAllAsync(engine, regradeId);
        foreach (var name in ExportNames.All)
        {
            Assert.True(expected[name].AsSpan().SequenceEqual(actual[name]), $"{name} differs after an unverified regrade");
        }
    }

    [Fact]
    public async Task ExecuteRegrade_IntactRun_NoIntegrityNoteAndIndexReusedByASecondRegrade()
    {
        var (engine, request, original, _) = await RunAsync();
        await using var __ = engine;

        var first = await engine.ExecuteAsync(await engine.SubmitRegradeAsync(original, request, RunTrigger.Cli, default), null, default);
        var index = Path.Combine(((FileRawStore)engine.RawStore!).IndexDirectory(original), "replay-v1.idx");
        var built = File.GetLastWriteTimeUtc(index);
        var second = await engine.ExecuteAsync(await engine.SubmitRegradeAsync(original, request, RunTrigger.Cli, default), null, default);

        Assert.Null(first.Error);
        Assert.Null(second.Error);
        Assert.Equal(RunStatus.Succeeded, second.Status);
        Assert.Equal(built, File.GetLastWriteTimeUtc(index));
    }
}

using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Simulator;

namespace PropGrade.Local.Tests.Integration;

/// <summary>Under the flaky fault profile every agent is exactly right or marked incomplete with its reason.</summary>
[Trait("Category", "Integration")]
public sealed class FlakyTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-flaky-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecuteAsync_FlakyApi_NoAgentIsWrongAndComplete(bool includeActive)
    {
        await using var engine = new LocalEngine(new LocalEngineOptions
        {
            DataDir = Path.Combine(_dir, includeActive ? "active" : "sold"),
            Simulator = new SimulatorOptions { Agents = 1_500, Today = Today, Faults = FaultRates.Flaky, HangDuration = TimeSpan.FromSeconds(2), RequestLogCapacity = 0 },
            Concurrency = 16,
            RawStoreFactory = _ => null,
            BreakerThreshold = 0,
            ConfigureClient = c =>
            {
                c.BaseDelay = TimeSpan.FromMilliseconds(2);
                c.MaxDelay = TimeSpan.FromMilliseconds(20);
                c.AttemptTimeout = TimeSpan.FromMilliseconds(500);
                c.TotalTimeout = TimeSpan.FromSeconds(10);
                c.MaxRetryAttempts = 2;
            },
        });
        var request = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest() with { IncludeActive = includeActive };
        var runId = await engine.SubmitAsync(request, RunTrigger.Cli, default);

        await engine.ExecuteAsync(runId, null, default);

        var truth = await SimOracle.TruthAsync(engine.Simulator!.BaseAddress, GradingPlan.From(request, Today));
        var results = await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync();
        Assert.Equal(truth.Count, results.Count);
        var wrongAndComplete = results.Where(r => r.Complete && !Exact(r, truth[r.AdvertiserId], includeActive)).ToList();
        Assert.True(wrongAndComplete.Count == 0, string.Join("\n", wrongAndComplete.Take(10).Select(r => $"{r.AdvertiserId} {r.Tier}/{r.StopReason} vs {truth[r.AdvertiserId].Tier}/{truth[r.AdvertiserId].StopReason}")));
        Assert.All(results.Where(r => !r.Complete), r => Assert.False(string.IsNullOrEmpty(r.StopReason)));
        Assert.True(results.Count(r => r.Complete) > results.Count / 2);
    }

    /// <summary>Same tier and stop reason; and the same figures where the window was read to its end.</summary>
    private static bool Exact(Core.Grading.AgentResult r, TruthAgent t, bool includeActive) =>
        r.Tier == t.Tier && r.StopReason == t.StopReason
        && (r.StopReason is not (StopReasons.WindowEnd or StopReasons.EndOfData)
            || (r.SoldVolume == t.SoldVolume && r.SoldSides == t.SoldSides
                && (!includeActive || (r.ActiveVolume == t.ActiveVolume && r.ActiveCount == t.ActiveCount))));
}

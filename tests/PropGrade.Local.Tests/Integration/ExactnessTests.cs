using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Simulator;

namespace PropGrade.Local.Tests.Integration;

/// <summary>
/// 5,000 agents, faults off, against the real simulator over HTTP: every tier equals <c>/__sim/truth</c>, every
/// metric equals it for agents read to the end of their window, and stopped-early agents say so.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ExactnessTests : IClassFixture<ExactnessTests.Engine>
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly Engine _engine;

    public ExactnessTests(Engine engine) => _engine = engine;

    public static TheoryData<string> ParameterSets => ["defaults", "includeActive", "onlyA", "window24", "undisclosedExclude"];

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task ExecuteAsync_FaultsOff_EveryAgentMatchesTruth(string parameterSet)
    {
        var engine = _engine.Value;
        var defaults = await engine.GetDefaultsAsync(default);
        var request = defaults.CreateDefaultRequest();
        request = parameterSet switch
        {
            "includeActive" => request with { IncludeActive = true },
            "onlyA" => request with { SelectedTiers = ["A"] },
            "window24" => request with { SoldSince = Today.AddMonths(-24) },
            "undisclosedExclude" => request with { UndisclosedPrice = UndisclosedPrice.Exclude },
            _ => request,
        };
        var runId = await engine.SubmitAsync(request, RunTrigger.Cli, default);

        var record = await engine.ExecuteAsync(runId, null, default);

        var plan = GradingPlan.From(request, Today);
        var truth = await SimOracle.TruthAsync(engine.Simulator!.BaseAddress, plan);
        var results = await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync();
        Assert.Equal(5_000, results.Count);
        Assert.Equal(truth.Count, results.Count);
        var wrong = new List<string>();
        foreach (var result in results)
        {
            var expected = truth[result.AdvertiserId];
            if (result.Tier != expected.Tier || result.StopReason != expected.StopReason || result.Complete != expected.Complete)
            {
                wrong.Add($"{result.AdvertiserId}: {result.Tier}/{result.StopReason}/{result.Complete} vs truth {expected.Tier}/{expected.StopReason}/{expected.Complete}");
                continue;
            }

            if (result.StopReason is StopReasons.WindowEnd or StopReasons.EndOfData)
            {
                if (result.SoldVolume != expected.SoldVolume || result.SoldSides != expected.SoldSides || result.UndisclosedSales != expected.UndisclosedSales
                    || (plan.IncludeActive && (result.ActiveVolume != expected.ActiveVolume || result.ActiveCount != expected.ActiveCount)))
                {
                    wrong.Add($"{result.AdvertiserId}: metrics {result.SoldVolume}/{result.SoldSides}/{result.ActiveVolume} vs {expected.SoldVolume}/{expected.SoldSides}/{expected.ActiveVolume}");
                }
            }
            else if (result.StopReason == StopReasons.TierSettled)
            {
                Assert.True(plan.TopMet(result.SoldVolume + (plan.IncludeActive ? result.ActiveVolume : 0m), result.SoldSides));
            }

            if (result.Calls != expected.MinCalls)
            {
                wrong.Add($"{result.AdvertiserId}: {result.Calls} calls vs min_calls {expected.MinCalls}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} agents differ from truth:\n" + string.Join("\n", wrong.Take(20)));
        Assert.Equal(results.Count(r => !r.Complete) > 0 ? RunStatus.Partial : RunStatus.Succeeded, record.Status);
    }

    public sealed class Engine : IAsyncLifetime
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("pg-exact-").FullName;

        public LocalEngine Value { get; private set; } = null!;

        public Task InitializeAsync()
        {
            Value = new LocalEngine(new LocalEngineOptions
            {
                DataDir = _dir,
                Simulator = new SimulatorOptions { Agents = 5_000, Today = Today, RequestLogCapacity = 0 },
                Concurrency = 16,
                BatchSize = 20,
                RawStoreFactory = _ => null,
            });
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await Value.DisposeAsync();
            Directory.Delete(_dir, recursive: true);
        }
    }
}

using System.Text.Json;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;

namespace PropGrade.Core.Tests.Runs;

public sealed class CoreJsonContextTests
{
    [Fact]
    public void RunRecord_Serialized_UsesContractSpellings()
    {
        var request = new RunDefaults(new DateOnly(2026, 11, 23), ["07030"]).CreateDefaultRequest();
        var record = new RunRecord("r1", RunStatus.Partial, request, RunTrigger.Schedule, DateTimeOffset.UnixEpoch, null, null,
            RunCounters.Zero, new Dictionary<string, int> { ["A"] = 1 }, null, []);

        var json = JsonSerializer.Serialize(record, CoreJsonContext.Default.RunRecord);

        Assert.Contains("\"status\":\"PARTIAL\"", json, StringComparison.Ordinal);
        Assert.Contains("\"trigger\":\"schedule\"", json, StringComparison.Ordinal);
        Assert.Contains("\"soldSince\":\"2025-11-23\"", json, StringComparison.Ordinal);
        Assert.Equal(record.Request.Tiers, JsonSerializer.Deserialize(json, CoreJsonContext.Default.RunRecord)!.Request.Tiers);
    }

    [Fact]
    public void StageBatch_RoundTrips()
    {
        var plan = GradingPlan.From(new RunDefaults(new DateOnly(2026, 11, 23), ["07030"]).CreateDefaultRequest(), new DateOnly(2026, 11, 23));
        var state = AgentState.Start(new AgentWorkItem(7, "07030")) with { SoldVolume = 1.5m, SeenListingIds = ["L1"], Next = AgentStage.Sold };
        var batch = new StageBatch("r1", plan, [state]);

        var json = JsonSerializer.Serialize(batch, CoreJsonContext.Default.StageBatch);
        var back = JsonSerializer.Deserialize(json, CoreJsonContext.Default.StageBatch)!;

        Assert.Contains("\"next\":\"sold\"", json, StringComparison.Ordinal);
        Assert.Equal(1.5m, back.Agents[0].SoldVolume);
        Assert.Equal(["L1"], back.Agents[0].SeenListingIds);
        Assert.Equal(plan.ApiToday, back.Plan.ApiToday);
    }
}

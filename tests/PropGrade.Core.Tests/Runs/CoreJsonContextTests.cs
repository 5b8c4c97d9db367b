using System.Text.Json;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
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
        var state = AgentState.Start(new AgentWorkItem("7", "07030")) with { SoldVolume = 1.5m, SeenListingIds = ["L1"], Next = AgentStage.Sold };
        var batch = new StageBatch("r1", plan, [state]);

        var json = JsonSerializer.Serialize(batch, CoreJsonContext.Default.StageBatch);
        var back = JsonSerializer.Deserialize(json, CoreJsonContext.Default.StageBatch)!;

        Assert.Contains("\"next\":\"sold\"", json, StringComparison.Ordinal);
        Assert.Equal(1.5m, back.Agents[0].SoldVolume);
        Assert.Equal(["L1"], back.Agents[0].SeenListingIds);
        Assert.Equal(plan.ApiToday, back.Plan.ApiToday);
    }

    [Fact]
    public void RunRecord_Revision1Json_ReadsNumericRosterIdsAndDefaultsTheNewFields()
    {
        const string json = """
            {"runId":"old","status":"SUCCEEDED","request":{"tiers":[{"name":"A","minVolume":40000000,"minSides":null}],
              "soldSince":"2025-11-23","asOf":"2026-11-23","includeActive":false,"selectedTiers":["A"],"markets":null,
              "roster":[2210987,100732851],"maxPages":19},
             "trigger":"cli","createdAt":"2026-11-23T10:00:00+00:00","startedAt":null,"finishedAt":null,
             "counters":{"agentsDiscovered":2,"agentsProfiled":2,"agentsDone":2,"agentsIncomplete":0,"agentsSkipped":0,"apiCalls":5,"throttled":0,"retries":0},
             "tierCounts":{"A":1},"error":null,"exports":[],"apiToday":"2026-11-23","regradeOf":null}
            """;

        var record = JsonSerializer.Deserialize(json, CoreJsonContext.Default.RunRecord)!;

        Assert.Equal([new RosterEntry("2210987", null), new RosterEntry("100732851", null)], record.Request.Roster!);
        Assert.Equal(UndisclosedPrice.ListPrice, record.Request.UndisclosedPrice);
        Assert.Equal(1, record.EffectiveListingApiRevision);
        Assert.Null(record.Markets);
        Assert.Null(record.Warnings);
    }

    [Fact]
    public void AgentWorkItemAndResult_Revision1NumericIds_ReadAsStrings()
    {
        var item = JsonSerializer.Deserialize("""{"advertiserId":884288,"market":"07030"}""", CoreJsonContext.Default.AgentWorkItem)!;
        var result = JsonSerializer.Deserialize("""
            {"advertiserId":884288,"fulfillmentId":3008890,"name":"A","office":null,"market":"07030","tier":"B","initialTier":null,
             "soldVolume":1,"soldSides":1,"activeVolume":0,"activeCount":0,"complete":true,"skipped":false,"stopReason":"window_end","pagesFetched":2,"calls":3}
            """, CoreJsonContext.Default.AgentResult)!;

        Assert.Equal(new AgentWorkItem("884288", "07030"), item);
        Assert.Equal("884288", result.AdvertiserId);
        Assert.Equal(0, result.UndisclosedSales);
        Assert.Null(result.Contact);
    }

    [Fact]
    public void AgentWorkItem_WithDiscoveryEntry_RoundTripsAndWritesIdsAsStrings()
    {
        var profile = Tests.Fakes.TestData.Profile(7);
        var item = new AgentWorkItem("7", "07030", "nrds7", profile);

        var json = JsonSerializer.Serialize(item, CoreJsonContext.Default.AgentWorkItem);
        var back = JsonSerializer.Deserialize(json, CoreJsonContext.Default.AgentWorkItem)!;

        Assert.Contains("\"advertiserId\":\"7\"", json, StringComparison.Ordinal);
        Assert.Equal(item.AdvertiserId, back.AdvertiserId);
        Assert.Equal(profile.Mls, back.Profile!.Mls);
        Assert.Equal(profile.Contact, back.Profile.Contact);
        Assert.Equal(profile.RecentlySold, back.Profile.RecentlySold);
        Assert.Equal(profile.PrimaryListingsKey(), back.Profile.PrimaryListingsKey());
    }
}

using PropGrade.Core.Audit;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Aws.Tests;

internal static class Samples
{
    public static RunRequest Request(params string[] markets) => new(
        [new TierDefinition("A", 40_000_000m, null), new TierDefinition("B", 16_000_000m, 40m), new TierDefinition("C", 5_000_000m, 12m)],
        new DateOnly(2025, 11, 23),
        new DateOnly(2026, 11, 23),
        IncludeActive: false,
        ["A", "B", "C"],
        markets.Length == 0 ? ["07030"] : markets,
        Roster: null,
        MaxPages: 19);

    public static RunRecord Queued(string runId, DateTimeOffset createdAt) => new(
        runId, RunStatus.Queued, Request(), RunTrigger.Api, createdAt, null, null, RunCounters.Zero,
        new Dictionary<string, int>(), null, []);

    public static RawExchange Exchange(string runId, int attempt, byte[] body) => new(
        runId, "sold", "884288", 3, attempt, "GET", "/agents/get-listings?fulfillment_id=884288&id=NJMLS&agent_id=M884288&type=forSold&page=3",
        attempt == 1 ? 503 : 200,
        new Dictionary<string, string> { ["content-type"] = "application/json", ["x-ratelimit-remaining"] = "4" },
        body, new DateTimeOffset(2026, 11, 23, 10, 0, attempt, TimeSpan.Zero), 12.5, attempt == 1 ? "retry:http_503" : "ok", null);

    public static AgentResult Result(long id, string tier, bool complete = true, string stop = "tier_settled") => new(
        id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Agent {id}", "Office", "07030", tier, "B", 41_250_000.50m, 12.5m, 0m, 0m, complete, false, stop, 3, 4,
        UndisclosedSales: 1, VolumeEstimated: true, Profiled: true, Contact: new Core.Listings.AgentContact($"n{id}", null, null, null, null, null, "Hoboken", "NJ", null));
}

using System.Runtime.CompilerServices;
using PropGrade.Core.Agents;
using PropGrade.Core.Estimates;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;

namespace PropGrade.Core.Tests.Api;

/// <summary>An agents index that holds fixed rows and remembers the queries it was asked (the SQLite one is tested in PropGrade.Local.Tests).</summary>
internal sealed class FixedAgentsIndex : IRunAgentsIndex, IRunAgentsReader
{
    public Dictionary<string, IReadOnlyList<GradedRow>> Runs { get; } = new(StringComparer.Ordinal);

    public List<AgentQuery> Queries { get; } = [];

    public List<string> Written { get; } = [];

    public Task WriteAsync(string runId, GradingPlan plan, IEnumerable<GradedRow> agents, CancellationToken cancellationToken)
    {
        Written.Add(runId);
        Runs[runId] = [.. agents];
        return Task.CompletedTask;
    }

    public Task<IRunAgentsReader?> OpenAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult<IRunAgentsReader?>(Runs.TryGetValue(runId, out var rows) ? new Reader(this, rows) : null);

    public Task<AgentRows> QueryAsync(AgentQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<GradedRow?> FindAsync(string advertiserId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<RunBreakdown> BreakdownAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    private sealed class Reader(FixedAgentsIndex owner, IReadOnlyList<GradedRow> rows) : IRunAgentsReader
    {
        public Task<AgentRows> QueryAsync(AgentQuery query, CancellationToken cancellationToken)
        {
            owner.Queries.Add(query);
            return Task.FromResult(new AgentRows(rows.Count, [.. rows.Skip((int)query.Offset).Take(query.PageSize)]));
        }

        public Task<GradedRow?> FindAsync(string advertiserId, CancellationToken cancellationToken) =>
            Task.FromResult(rows.FirstOrDefault(r => r.AdvertiserId == advertiserId));

        public Task<RunBreakdown> BreakdownAsync(CancellationToken cancellationToken) => Task.FromResult(new RunBreakdown(
            ["A", "B", "C", "Unranked"],
            [new MarketBreakdown("07030", rows.Count, new Dictionary<string, long> { ["A"] = 1, ["B"] = 0, ["C"] = 1, ["Unranked"] = 0 }, 0, new Dictionary<string, long> { ["up"] = 1 })],
            [.. rows.Where(r => r.Movement == "up")],
            []));
    }
}

/// <summary>Results per run, as a workspace holds them.</summary>
internal sealed class ResultsOnlyWorkspace : IRunWorkspace
{
    public Dictionary<string, List<AgentResult>> Results { get; } = new(StringComparer.Ordinal);

    public Task<int> SaveItemsAsync(string runId, IAsyncEnumerable<AgentWorkItem> items, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int?> CountItemsAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<AgentWorkItem> ReadItemsAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveResultsAsync(string runId, string batchKey, IReadOnlyList<AgentResult> results, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveMarketSliceAsync(string runId, MarketSlice slice, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<MarketSlice>> ReadMarketSlicesAsync(string runId, string market, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<MarketSlice?> ReadLastMarketSliceAsync(string runId, string market, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveBatchProgressAsync(string runId, BatchProgress progress, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<BatchProgress?> ReadBatchProgressAsync(string runId, string batchKey, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async IAsyncEnumerable<AgentResult> ReadResultsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var result in Results.GetValueOrDefault(runId) ?? [])
        {
            yield return result;
        }
    }
}

internal sealed class FixedEstimateContext(double rate, QuotaSnapshot? quota = null) : IEstimateContextProvider
{
    public Task<EstimateContext> GetAsync(CancellationToken cancellationToken) => Task.FromResult(new EstimateContext(rate, quota));
}

internal static class ResultsData
{
    public static GradedRow Row(string id, string tier, decimal volume, string movement = "", string? market = "07030", bool complete = true) => new(
        id, id, "Agent " + id, "Office " + id, tier, volume, 12.5m, 0m, 0m, tier, complete, complete ? StopReasons.WindowEnd : StopReasons.DepthCap, 3, movement, market,
        Contact: new AgentContact(null, "555-0100", null, $"a{id}@example.com", null, "Broker", "Hoboken", "NJ", null));

    public static AgentResult Result(string id, string tier, decimal volume) => new(
        id, "Agent " + id, "Office " + id, "07030", tier, tier, volume, 12m, 0m, 0m, true, false, StopReasons.WindowEnd, 2, 2);
}

using System.Collections.Concurrent;
using System.Text;
using PropGrade.Core.Api;
using PropGrade.Core.Exports;
using PropGrade.Core.Runs;

namespace PropGrade.Web.Tests;

/// <summary>
/// A stand-in runtime for page-only tests (server-side error display, sign-in): a run moves QUEUED → RUNNING →
/// SUCCEEDED with a CSV export, one step each time its record is read (the page's polling drives it: no timers, no
/// sleeps). The end-to-end tests use the real engine and simulator.
/// </summary>
internal sealed class ScriptedEngine(TimeProvider time) : IRunLauncher, IRunStore, IExportStore
{
    /// <summary>Reads of a run's record before it finishes: one to start, four batches of five agents.</summary>
    public const int StepsToFinish = 6;

    private readonly ConcurrentDictionary<string, RunRecord> _runs = new();
    private readonly ConcurrentDictionary<string, int> _reads = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private int _next;

    public ScriptedEngine()
        : this(TimeProvider.System)
    {
    }

    public int Launched => _next;

    /// <summary>The API's today a run records when it starts (a rolling window is resolved at it); null: none recorded.</summary>
    public Func<DateOnly>? ApiToday { get; set; }

    public Task<string> LaunchAsync(RunRequest request, LaunchOptions options, CancellationToken cancellationToken)
    {
        var id = $"scripted-{Interlocked.Increment(ref _next):D3}";
        _runs[id] = new RunRecord(id, RunStatus.Queued, request, RunTrigger.Api, time.GetUtcNow(), null, null, RunCounters.Zero, new Dictionary<string, int>(), null, []);
        return Task.FromResult(id);
    }

    /// <summary>The record as it stands, then one step on (so the next read sees progress).</summary>
    public Task<RunRecord?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(runId, out var record))
        {
            return Task.FromResult<RunRecord?>(null);
        }

        Advance(runId, _reads.AddOrUpdate(runId, 1, (_, n) => n + 1));
        return Task.FromResult<RunRecord?>(record);
    }

    private void Advance(string id, int read)
    {
        switch (read)
        {
            case 1:
                Update(id, r => r with { Status = RunStatus.Running, StartedAt = time.GetUtcNow(), ApiToday = ApiToday?.Invoke(), Counters = new RunCounters(AgentsDiscovered: 20, ApiCalls: 2) });
                break;
            case < StepsToFinish:
                Update(id, r => r with { Counters = r.Counters.Add(new RunCounters(AgentsProfiled: 5, AgentsDone: 5, ApiCalls: 12)) });
                break;
            case StepsToFinish:
                Finish(id);
                break;
        }
    }

    private void Finish(string id)
    {
        Update(id, r => r with { Counters = r.Counters.Add(new RunCounters(AgentsProfiled: 5, AgentsDone: 5, ApiCalls: 12)) });
        var csv = new StringBuilder("advertiser_id,fulfillment_id,name,office,tier,sold_volume,sold_sides,active_volume,active_count,initial_tier,complete,stop_reason,pages_fetched,movement\n");
        csv.Append("1,11,Ann,Office,A,50000000,30,0,0,A,true,tier_settled,2,new\n");
        csv.Append("2,12,\"Bob, Jr.\",Office,B,17000000,41,0,0,B,true,window_end,3,up\n");
        _files[id + "/graded.csv"] = Encoding.UTF8.GetBytes(csv.ToString());
        Update(id, r => r with
        {
            Status = RunStatus.Succeeded,
            FinishedAt = time.GetUtcNow(),
            TierCounts = new Dictionary<string, int> { ["A"] = 1, ["B"] = 1, ["Unranked"] = 18 },
            Exports = ["graded.csv"],
        });
    }

    private void Update(string id, Func<RunRecord, RunRecord> change) => _runs.AddOrUpdate(id, _ => throw new KeyNotFoundException(id), (_, r) => change(r));

    public Task CreateAsync(RunRecord record, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<RunRecord>> ListAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RunRecord>>([.. _runs.Values.OrderByDescending(r => r.RunId, StringComparer.Ordinal).Take(limit)]);

    public Task<bool> TryStartAsync(string runId, IReadOnlyCollection<RunStatus> from, DateTimeOffset startedAt, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task AddCountersAsync(string runId, RunCounters delta, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RecordMarketsAsync(string runId, IReadOnlyList<MarketReport> markets, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task FinishAsync(string runId, RunOutcome outcome, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> TryFinishAsync(string runId, RunOutcome outcome, IReadOnlyCollection<RunStatus> from, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SetApiTodayAsync(string runId, DateOnly apiToday, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> RecordFailureStreakAsync(string runId, BreakerStreak streak, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task WriteAsync(string runId, string fileName, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Stream?> OpenReadAsync(string runId, string fileName, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(_files.TryGetValue(runId + "/" + fileName, out var b) ? new MemoryStream(b) : null);

    public Task<IReadOnlyList<ExportLink>> GetLinksAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExportLink>>([.. _files.Where(f => f.Key.StartsWith(runId + "/", StringComparison.Ordinal))
            .Select(f => new ExportLink(f.Key[(runId.Length + 1)..], "unused", f.Value.Length, null))]);
}

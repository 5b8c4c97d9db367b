using System.Collections.Concurrent;
using System.Text;
using PropGrade.Core.Api;
using PropGrade.Core.Exports;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Api;

/// <summary>In-memory ports for <see cref="RunsApi"/> tests.</summary>
internal static class ApiFakes
{
    public static RunRequest SampleRequest { get; } = new(
        [new("A", 40_000_000m, null), new("B", 16_000_000m, 40m), new("C", 5_000_000m, 12m)],
        new DateOnly(2025, 11, 23),
        new DateOnly(2026, 11, 23),
        IncludeActive: false,
        ["A", "B", "C"],
        ["07030", "90210"],
        Roster: null,
        MaxPages: 19);

    public static RunRecord Record(string runId, DateTimeOffset createdAt, RunStatus status = RunStatus.Succeeded) => new(
        runId,
        status,
        SampleRequest,
        RunTrigger.Api,
        createdAt,
        createdAt.AddSeconds(1),
        status is RunStatus.Queued or RunStatus.Running ? null : createdAt.AddSeconds(5),
        new RunCounters(AgentsDiscovered: 10, AgentsProfiled: 10, AgentsDone: 8, AgentsIncomplete: 1, AgentsSkipped: 1, ApiCalls: 42),
        new Dictionary<string, int> { ["A"] = 2, ["B"] = 3, ["C"] = 1, ["Unranked"] = 4 },
        null,
        ["graded.csv"]);
}

internal sealed class FakeValidator : IRunRequestValidator
{
    public List<ApiFieldError> ErrorsToReturn { get; } = [];

    public int Calls { get; private set; }

    public string? LastBody { get; private set; }

    public ValueTask<RunRequestValidation> ValidateAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        Calls++;
        LastBody = Encoding.UTF8.GetString(json.Span);
        return ValueTask.FromResult(ErrorsToReturn.Count > 0
            ? new RunRequestValidation(null, [.. ErrorsToReturn])
            : new RunRequestValidation(ApiFakes.SampleRequest, []));
    }
}

internal sealed class FakeLauncher : IRunLauncher
{
    public List<(RunRequest Request, LaunchOptions Options)> Launched { get; } = [];

    public Exception? Throw { get; set; }

    public Task<string> LaunchAsync(RunRequest request, LaunchOptions options, CancellationToken cancellationToken)
    {
        if (Throw is not null)
        {
            throw Throw;
        }

        Launched.Add((request, options));
        return Task.FromResult($"run-{Launched.Count}");
    }
}

internal sealed class InMemoryRunStore : IRunStore
{
    private readonly ConcurrentDictionary<string, RunRecord> _records = new();

    public void Add(RunRecord record) => _records[record.RunId] = record;

    public int? LastLimit { get; private set; }

    public Task CreateAsync(RunRecord record, CancellationToken cancellationToken)
    {
        if (!_records.TryAdd(record.RunId, record))
        {
            throw new RunAlreadyExistsException(record.RunId);
        }

        return Task.CompletedTask;
    }

    public Task<RunRecord?> GetAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(runId, out var r) ? r : null);

    public Task<IReadOnlyList<RunRecord>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        LastLimit = limit;
        return Task.FromResult<IReadOnlyList<RunRecord>>([.. _records.Values.OrderByDescending(r => r.CreatedAt).Take(limit)]);
    }

    public Task<bool> TryStartAsync(string runId, IReadOnlyCollection<RunStatus> from, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task AddCountersAsync(string runId, RunCounters delta, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task RecordMarketsAsync(string runId, IReadOnlyList<MarketReport> markets, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task FinishAsync(string runId, RunOutcome outcome, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<bool> TryFinishAsync(string runId, RunOutcome outcome, IReadOnlyCollection<RunStatus> from, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SetApiTodayAsync(string runId, DateOnly apiToday, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> RecordFailureStreakAsync(string runId, BreakerStreak streak, CancellationToken cancellationToken) => throw new NotSupportedException();
}

internal sealed class InMemoryExportStore : IExportStore
{
    private readonly ConcurrentDictionary<(string RunId, string Name), byte[]> _files = new();

    public Task WriteAsync(string runId, string fileName, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        _files[(runId, fileName)] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenReadAsync(string runId, string fileName, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(_files.TryGetValue((runId, fileName), out var bytes) ? new MemoryStream(bytes) : null);

    public Task<IReadOnlyList<ExportLink>> GetLinksAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExportLink>>([.. _files
            .Where(kv => kv.Key.RunId == runId)
            .OrderBy(kv => kv.Key.Name, StringComparer.Ordinal)
            .Select(kv => new ExportLink(kv.Key.Name, $"https://bucket.example/{runId}/{kv.Key.Name}?sig=x", kv.Value.Length, new DateTimeOffset(2026, 11, 23, 12, 15, 0, TimeSpan.Zero)))]);
}

internal sealed class FakeDefaults : IRunDefaultsProvider
{
    /// <summary>Defaults whose default request is <see cref="ApiFakes.SampleRequest"/>; 07030's place is known, 90210's is not.</summary>
    public RunDefaults Defaults { get; set; } = new(new DateOnly(2026, 11, 23), ["07030", "90210"])
    {
        MarketPlaces = new Dictionary<string, MarketPlace> { ["07030"] = new("Hoboken", "NJ") },
    };

    public Task<RunDefaults> GetDefaultsAsync(CancellationToken cancellationToken) => Task.FromResult(Defaults);
}

using System.Collections.Concurrent;
using PropGrade.Core.Api;
using PropGrade.Core.Exports;
using PropGrade.Core.Runs;

namespace PropGrade.Local.Tests.Web;

/// <summary>In-memory ports, so the host's own behaviour (page, headers, token, routing) is tested without an engine.</summary>
internal sealed class WebFakes : IRunLauncher, IRunStore, IExportStore, IRunRequestValidator, IRunDefaultsProvider
{
    public static RunRequest Request { get; } = new(
        [new("A", 40_000_000m, null)], new DateOnly(2025, 11, 23), new DateOnly(2026, 11, 23), false, ["A"], ["07030"], null, 19);

    private readonly ConcurrentDictionary<string, RunRecord> _runs = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();

    public ConcurrentQueue<LaunchOptions> Launches { get; } = new();

    public Task<string> LaunchAsync(RunRequest request, LaunchOptions options, CancellationToken cancellationToken)
    {
        Launches.Enqueue(options);
        var id = "run-" + Launches.Count;
        _runs[id] = new RunRecord(id, RunStatus.Queued, request, RunTrigger.Api, DateTimeOffset.UnixEpoch, null, null, RunCounters.Zero, new Dictionary<string, int>(), null, []);
        return Task.FromResult(id);
    }

    public Task CreateAsync(RunRecord record, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<RunRecord?> GetAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(_runs.GetValueOrDefault(runId));

    public Task<IReadOnlyList<RunRecord>> ListAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RunRecord>>([.. _runs.Values.OrderByDescending(r => r.RunId).Take(limit)]);

    public Task<bool> TryStartAsync(string runId, IReadOnlyCollection<RunStatus> from, DateTimeOffset startedAt, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task AddCountersAsync(string runId, RunCounters delta, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RecordMarketsAsync(string runId, IReadOnlyList<MarketReport> markets, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task FinishAsync(string runId, RunOutcome outcome, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> TryFinishAsync(string runId, RunOutcome outcome, IReadOnlyCollection<RunStatus> from, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SetApiTodayAsync(string runId, DateOnly apiToday, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> RecordFailureStreakAsync(string runId, BreakerStreak streak, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task WriteAsync(string runId, string fileName, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        _files[runId + "/" + fileName] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenReadAsync(string runId, string fileName, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(_files.TryGetValue(runId + "/" + fileName, out var b) ? new MemoryStream(b) : null);

    public Task<IReadOnlyList<ExportLink>> GetLinksAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExportLink>>([.. _files.Where(f => f.Key.StartsWith(runId + "/", StringComparison.Ordinal))
            .Select(f => new ExportLink(f.Key[(runId.Length + 1)..], "file:///ignored", f.Value.Length, null))]);

    public ValueTask<RunRequestValidation> ValidateAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken) =>
        ValueTask.FromResult(json.Span.SequenceEqual("{}"u8)
            ? new RunRequestValidation(Request, [])
            : new RunRequestValidation(null, [new ApiFieldError("maxPages", "must be between 1 and 20.")]));

    public Task<RunDefaults> GetDefaultsAsync(CancellationToken cancellationToken) => Task.FromResult(new RunDefaults(Request.AsOf, Request.Markets!));
}

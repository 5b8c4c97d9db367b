using System.Globalization;
using CsvHelper;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Agents;

/// <summary>
/// Opens a run's agents index for the runs API and the CLI. A finished run (SUCCEEDED or PARTIAL) whose index is
/// missing — it finished before indexes existed, or the index write failed — gets one built on first use from what the
/// run stored: every saved result, through the same aggregation the exports came from (so the same rows, tiers and
/// figures), with each row's movement taken from the run's own <c>graded.csv</c> (never recomputed against today's
/// runs: the movement shown is the one exported). Agents outside the exported tiers have no movement in such an index
/// (the old CSV did not hold them). A run still QUEUED or RUNNING, or FAILED, is refused with the reason.
/// </summary>
public sealed class RunAgentsService
{
    private readonly IRunStore _runs;
    private readonly IRunAgentsIndex _index;
    private readonly IRunWorkspace _workspace;
    private readonly IExportStore _exports;
    private readonly SemaphoreSlim _buildGate = new(1, 1);
    private readonly AggregationOptions _aggregation;

    /// <param name="aggregation">How a missing index's rows are sorted (where the sort spills); null: the system temporary directory.</param>
    public RunAgentsService(IRunStore runs, IRunAgentsIndex index, IRunWorkspace workspace, IExportStore exports, AggregationOptions? aggregation = null)
    {
        _aggregation = aggregation ?? AggregationOptions.Default;
        _runs = runs ?? throw new ArgumentNullException(nameof(runs));
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _workspace = workspace ?? throw new ArgumentNullException(nameof(workspace));
        _exports = exports ?? throw new ArgumentNullException(nameof(exports));
    }

    /// <summary>The run's index (built first when a finished run has none); null when there is no such run.</summary>
    public async Task<AgentsAccess?> OpenAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var record = await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        if (record.Status is RunStatus.Queued or RunStatus.Running)
        {
            return new AgentsAccess(record, null, "The run has not finished: its graded agents are listed once it has.");
        }

        if (record.Status is not (RunStatus.Succeeded or RunStatus.Partial))
        {
            return new AgentsAccess(record, null, $"The run ended {record.Status.ToString().ToUpperInvariant()} before its agents were aggregated; resume it (propgrade run --resume {record.RunId}) to grade and list them.");
        }

        if (await _index.OpenAsync(runId, cancellationToken).ConfigureAwait(false) is { } ready)
        {
            return new AgentsAccess(record, ready, null);
        }

        await _buildGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _index.OpenAsync(runId, cancellationToken).ConfigureAwait(false) is { } built)
            {
                return new AgentsAccess(record, built, null);
            }

            await BuildFromStoredAsync(record, cancellationToken).ConfigureAwait(false);
            var reader = await _index.OpenAsync(runId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The agents index of run {runId} was written but cannot be opened.");
            return new AgentsAccess(record, reader, null);
        }
        finally
        {
            _buildGate.Release();
        }
    }

    /// <summary>The tier names a query may filter on: the plan's tiers, then Unranked.</summary>
    public static IReadOnlyList<string> TierNames(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return [.. record.Request.Tiers.Select(t => t.Name), GradingPlan.Unranked];
    }

    private async Task BuildFromStoredAsync(RunRecord record, CancellationToken cancellationToken)
    {
        var plan = GradingPlan.From(record.Request, record.ApiToday ?? record.Request.AsOf);
        using var aggregate = await RunAggregator.AggregateAsync(
            plan, record.Request, record.Counters.AgentsDiscovered, _workspace.ReadResultsAsync(record.RunId, cancellationToken), previous: null, record.Markets,
            _aggregation, cancellationToken).ConfigureAwait(false);
        var movement = await ExportedMovementAsync(record.RunId, cancellationToken).ConfigureAwait(false);
        var agents = aggregate.Agents
            .Select(r => movement.TryGetValue(r.AdvertiserId, out var m) ? r with { Movement = m.Movement, PreviousTier = m.PreviousTier } : r);
        await _index.WriteAsync(record.RunId, plan, agents, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The <c>movement</c> and <c>previous_tier</c> columns of the run's <c>graded.csv</c>, by advertiser id (empty when
    /// there is none): what the aggregation compared with when the run finished, kept as it was exported.
    /// </summary>
    private async Task<Dictionary<string, (string Movement, string? PreviousTier)>> ExportedMovementAsync(string runId, CancellationToken cancellationToken)
    {
        var movement = new Dictionary<string, (string Movement, string? PreviousTier)>(StringComparer.Ordinal);
        var stream = await _exports.OpenReadAsync(runId, ExportNames.GradedCsv, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return movement;
        }

        await using var csv = CsvReader.Create(stream, CsvReaderOptions.Default, false);
        await csv.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        var headers = csv.Headers.Select(h => h.TrimStart('\uFEFF')).ToList();
        var id = headers.IndexOf("advertiser_id");
        var column = headers.IndexOf("movement");
        var previousColumn = headers.IndexOf("previous_tier");
        if (id < 0 || column < 0)
        {
            return movement;
        }

        while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (csv.GetString(id) is { Length: > 0 } agent)
            {
                var previous = previousColumn >= 0 && csv.GetString(previousColumn) is { Length: > 0 } tier ? tier : null;
                movement[agent] = (csv.GetString(column), previous);
            }
        }

        return movement;
    }
}

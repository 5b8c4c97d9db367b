using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PropGrade.Core.Runs;

namespace PropGrade.Local.Runs;

/// <summary>
/// <see cref="IRunStore"/> on SQLite (<c>{dataDir}/propgrade.db</c>): one row per run; counters are applied as
/// <c>x = x + ?</c> in one statement, status moves are conditional <c>UPDATE ... WHERE status IN (...)</c>.
/// </summary>
public sealed class SqliteRunStore : IRunStore
{
    private readonly SqliteDatabase _db;

    public SqliteRunStore(string dataDir)
        : this(new SqliteDatabase(dataDir))
    {
    }

    internal SqliteRunStore(SqliteDatabase db) => _db = db;

    public async Task CreateAsync(RunRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO runs (run_id, status, trigger, request_json, created_at, started_at, finished_at, api_today, regrade_of,
                agents_discovered, agents_profiled, agents_done, agents_incomplete, agents_skipped, api_calls, throttled, retries,
                tier_counts_json, error, exports_json, listing_api_revision, markets_json, warnings_json, source_json)
            VALUES ($id, $status, $trigger, $request, $created, $started, $finished, $today, $regradeOf,
                $discovered, $profiled, $done, $incomplete, $skipped, $calls, $throttled, $retries, $tiers, $error, $exports,
                $revision, $markets, $warnings, $source)
            """;
        var c = record.Counters;
        command.Parameters.AddWithValue("$id", record.RunId);
        command.Parameters.AddWithValue("$status", Text(record.Status));
        command.Parameters.AddWithValue("$trigger", Text(record.Trigger));
        command.Parameters.AddWithValue("$request", JsonSerializer.Serialize(record.Request, CoreJsonContext.Default.RunRequest));
        command.Parameters.AddWithValue("$created", Time(record.CreatedAt));
        command.Parameters.AddWithValue("$started", (object?)TimeOrNull(record.StartedAt) ?? DBNull.Value);
        command.Parameters.AddWithValue("$finished", (object?)TimeOrNull(record.FinishedAt) ?? DBNull.Value);
        command.Parameters.AddWithValue("$today", (object?)record.ApiToday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
        command.Parameters.AddWithValue("$regradeOf", (object?)record.RegradeOf ?? DBNull.Value);
        AddCounterParameters(command, c);
        command.Parameters.AddWithValue("$tiers", JsonSerializer.Serialize(record.TierCounts, LocalJsonContext.Default.IReadOnlyDictionaryStringInt32));
        command.Parameters.AddWithValue("$error", (object?)record.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$exports", JsonSerializer.Serialize(record.Exports, LocalJsonContext.Default.IReadOnlyListString));
        command.Parameters.AddWithValue("$revision", (object?)record.ListingApiRevision ?? DBNull.Value);
        command.Parameters.AddWithValue("$markets", (object?)MarketsJson(record.Markets) ?? DBNull.Value);
        command.Parameters.AddWithValue("$warnings", (object?)WarningsJson(record.Warnings) ?? DBNull.Value);
        command.Parameters.AddWithValue("$source", record.Source is { } source ? JsonSerializer.Serialize(source, CoreJsonContext.Default.RunSource) : DBNull.Value);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new RunAlreadyExistsException(record.RunId);
        }
    }

    public async Task<RunRecord?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        var list = await QueryAsync("WHERE run_id = $id", runId, 1, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public Task<IReadOnlyList<RunRecord>> ListAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync("", null, limit, cancellationToken);

    public async Task<bool> TryStartAsync(string runId, IReadOnlyCollection<RunStatus> from, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (from.Count == 0)
        {
            return false;
        }

        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var names = from.Select((s, i) => $"$s{i}").ToList();
        command.CommandText = $"""
            UPDATE runs SET status = $running, started_at = COALESCE(started_at, $started), finished_at = NULL, error = NULL
            WHERE run_id = $id AND status IN ({string.Join(", ", names)})
            """;
        command.Parameters.AddWithValue("$running", Text(RunStatus.Running));
        command.Parameters.AddWithValue("$started", Time(startedAt));
        command.Parameters.AddWithValue("$id", runId);
        var index = 0;
        foreach (var status in from)
        {
            command.Parameters.AddWithValue(names[index++], Text(status));
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task AddCountersAsync(string runId, RunCounters delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delta);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE runs SET
                agents_discovered = agents_discovered + $discovered,
                agents_profiled = agents_profiled + $profiled,
                agents_done = agents_done + $done,
                agents_incomplete = agents_incomplete + $incomplete,
                agents_skipped = agents_skipped + $skipped,
                api_calls = api_calls + $calls,
                throttled = throttled + $throttled,
                retries = retries + $retries
            WHERE run_id = $id
            """;
        command.Parameters.AddWithValue("$id", runId);
        AddCounterParameters(command, delta);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordMarketsAsync(string runId, IReadOnlyList<MarketReport> markets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markets);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE runs SET markets_json = $markets WHERE run_id = $id";
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$markets", MarketsJson(markets));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pins <paramref name="source"/> on a run recorded before runs pinned their source (<c>--adopt-source</c>); false,
    /// changing nothing, when the run already has one or does not exist.
    /// </summary>
    public async Task<bool> TryAdoptSourceAsync(string runId, RunSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE runs SET source_json = $source WHERE run_id = $id AND source_json IS NULL";
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$source", JsonSerializer.Serialize(source, CoreJsonContext.Default.RunSource));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task FinishAsync(string runId, RunOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await RecordOutcomeAsync(runId, outcome, from: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryFinishAsync(string runId, RunOutcome outcome, IReadOnlyCollection<RunStatus> from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(from);
        if (from.Count == 0)
        {
            return false;
        }

        return await RecordOutcomeAsync(runId, outcome, from, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The one UPDATE of a run's outcome, for <see cref="FinishAsync"/> (<paramref name="from"/> null: whatever the
    /// status) and <see cref="TryFinishAsync"/> (only while the status is one of <paramref name="from"/>); true when the
    /// run's row changed. Null warnings or comparison keep what the row holds.
    /// </summary>
    private async Task<bool> RecordOutcomeAsync(string runId, RunOutcome outcome, IReadOnlyCollection<RunStatus>? from, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var statusIn = string.Empty;
        if (from is not null)
        {
            var names = new List<string>();
            foreach (var status in from)
            {
                var name = $"$s{names.Count}";
                command.Parameters.AddWithValue(name, Text(status));
                names.Add(name);
            }

            statusIn = $" AND status IN ({string.Join(", ", names)})";
        }

        command.CommandText = $"""
            UPDATE runs SET status = $status, finished_at = $finished, tier_counts_json = $tiers, exports_json = $exports, error = $error,
                warnings_json = COALESCE($warnings, warnings_json), comparison_json = COALESCE($comparison, comparison_json)
            WHERE run_id = $id{statusIn}
            """;
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$status", Text(outcome.Status));
        command.Parameters.AddWithValue("$finished", Time(outcome.FinishedAt));
        command.Parameters.AddWithValue("$tiers", JsonSerializer.Serialize(outcome.TierCounts, LocalJsonContext.Default.IReadOnlyDictionaryStringInt32));
        command.Parameters.AddWithValue("$exports", JsonSerializer.Serialize(outcome.Exports, LocalJsonContext.Default.IReadOnlyListString));
        command.Parameters.AddWithValue("$error", (object?)outcome.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$warnings", (object?)WarningsJson(outcome.Warnings) ?? DBNull.Value);
        command.Parameters.AddWithValue("$comparison", outcome.Comparison is { } comparison ? JsonSerializer.Serialize(comparison, CoreJsonContext.Default.RunComparison) : DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task SetApiTodayAsync(string runId, DateOnly apiToday, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE runs SET api_today = $today WHERE run_id = $id";
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$today", apiToday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> RecordFailureStreakAsync(string runId, BreakerStreak streak, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streak);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = streak.AfterSuccess
            ? "UPDATE runs SET consecutive_failures = $n WHERE run_id = $id RETURNING consecutive_failures"
            : "UPDATE runs SET consecutive_failures = consecutive_failures + $n WHERE run_id = $id RETURNING consecutive_failures";
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$n", streak.Failures);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0, CultureInfo.InvariantCulture);
    }

    private async Task<IReadOnlyList<RunRecord>> QueryAsync(string where, string? runId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT run_id, status, trigger, request_json, created_at, started_at, finished_at, api_today, regrade_of,
                agents_discovered, agents_profiled, agents_done, agents_incomplete, agents_skipped, api_calls, throttled, retries,
                tier_counts_json, error, exports_json, listing_api_revision, markets_json, warnings_json, comparison_json, source_json
            FROM runs {where} ORDER BY created_at DESC, run_id DESC LIMIT $limit
            """;
        if (runId is not null)
        {
            command.Parameters.AddWithValue("$id", runId);
        }

        command.Parameters.AddWithValue("$limit", Math.Max(0, limit));
        var list = new List<RunRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new RunRecord(
                reader.GetString(0),
                ParseEnum<RunStatus>(reader.GetString(1)),
                JsonSerializer.Deserialize(reader.GetString(3), CoreJsonContext.Default.RunRequest)!,
                ParseEnum<RunTrigger>(reader.GetString(2)),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                reader.IsDBNull(5) ? null : DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                reader.IsDBNull(6) ? null : DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
                new RunCounters(reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12), reader.GetInt32(13), reader.GetInt64(14), reader.GetInt64(15), reader.GetInt64(16)),
                JsonSerializer.Deserialize(reader.GetString(17), LocalJsonContext.Default.IReadOnlyDictionaryStringInt32)!,
                reader.IsDBNull(18) ? null : reader.GetString(18),
                JsonSerializer.Deserialize(reader.GetString(19), LocalJsonContext.Default.IReadOnlyListString)!,
                reader.IsDBNull(7) ? null : DateOnly.ParseExact(reader.GetString(7), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(20) ? null : reader.GetInt32(20),
                reader.IsDBNull(21) ? null : JsonSerializer.Deserialize(reader.GetString(21), CoreJsonContext.Default.IReadOnlyListMarketReport),
                reader.IsDBNull(22) ? null : JsonSerializer.Deserialize(reader.GetString(22), CoreJsonContext.Default.IReadOnlyListRunWarning),
                reader.IsDBNull(23) ? null : JsonSerializer.Deserialize(reader.GetString(23), CoreJsonContext.Default.RunComparison),
                reader.IsDBNull(24) ? null : JsonSerializer.Deserialize(reader.GetString(24), CoreJsonContext.Default.RunSource)));
        }

        return list;
    }

    private static string? MarketsJson(IReadOnlyList<MarketReport>? markets) =>
        markets is null ? null : JsonSerializer.Serialize(markets, CoreJsonContext.Default.IReadOnlyListMarketReport);

    private static string? WarningsJson(IReadOnlyList<RunWarning>? warnings) =>
        warnings is null ? null : JsonSerializer.Serialize(warnings, CoreJsonContext.Default.IReadOnlyListRunWarning);

    private static string Text<T>(T value)
        where T : struct, Enum => value.ToString();

    private static T ParseEnum<T>(string text)
        where T : struct, Enum => Enum.Parse<T>(text);

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string? TimeOrNull(DateTimeOffset? value) => value is { } v ? Time(v) : null;

    /// <summary>Binds the eight counter parameters (<c>$discovered</c> … <c>$retries</c>) shared by the insert and the increment.</summary>
    private static void AddCounterParameters(SqliteCommand command, RunCounters counters)
    {
        command.Parameters.AddWithValue("$discovered", counters.AgentsDiscovered);
        command.Parameters.AddWithValue("$profiled", counters.AgentsProfiled);
        command.Parameters.AddWithValue("$done", counters.AgentsDone);
        command.Parameters.AddWithValue("$incomplete", counters.AgentsIncomplete);
        command.Parameters.AddWithValue("$skipped", counters.AgentsSkipped);
        command.Parameters.AddWithValue("$calls", counters.ApiCalls);
        command.Parameters.AddWithValue("$throttled", counters.Throttled);
        command.Parameters.AddWithValue("$retries", counters.Retries);
    }
}

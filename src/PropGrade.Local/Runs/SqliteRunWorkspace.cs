using System.Runtime.CompilerServices;
using System.Text.Json;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;

namespace PropGrade.Local.Runs;

/// <summary>
/// <see cref="IRunWorkspace"/> in the same SQLite file as the runs: the discovered items as one document per run,
/// results one row per (run, advertiser id) upserted so that a retried batch overwrites instead of duplicating. A discovered
/// item carries its <c>/agents/list</c> entry (so that stage 1 makes no call), which is why the items document is the
/// bulk of a run's row here.
/// </summary>
public sealed class SqliteRunWorkspace : IRunWorkspace
{
    private readonly SqliteDatabase _db;

    public SqliteRunWorkspace(string dataDir)
        : this(new SqliteDatabase(dataDir))
    {
    }

    internal SqliteRunWorkspace(SqliteDatabase db) => _db = db;

    public async Task SaveItemsAsync(string runId, IReadOnlyList<AgentWorkItem> items, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO run_items (run_id, items_json) VALUES ($id, $json)";
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(items, CoreJsonContext.Default.IReadOnlyListAgentWorkItem));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AgentWorkItem>?> ReadItemsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT items_json FROM run_items WHERE run_id = $id";
        command.Parameters.AddWithValue("$id", runId);
        var json = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        return json is null ? null : JsonSerializer.Deserialize(json, CoreJsonContext.Default.IReadOnlyListAgentWorkItem);
    }

    public async Task SaveResultsAsync(string runId, string batchKey, IReadOnlyList<AgentResult> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (Microsoft.Data.Sqlite.SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO run_results (run_id, advertiser_id, batch_key, result_json) VALUES ($id, $agent, $batch, $json)
            ON CONFLICT (run_id, advertiser_id) DO UPDATE SET batch_key = excluded.batch_key, result_json = excluded.result_json
            """;
        var agent = command.Parameters.Add("$agent", Microsoft.Data.Sqlite.SqliteType.Text);
        var json = command.Parameters.Add("$json", Microsoft.Data.Sqlite.SqliteType.Text);
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$batch", batchKey);
        foreach (var result in results)
        {
            agent.Value = result.AdvertiserId;
            json.Value = JsonSerializer.Serialize(result, CoreJsonContext.Default.AgentResult);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<AgentResult> ReadResultsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT result_json FROM run_results WHERE run_id = $id ORDER BY length(advertiser_id), advertiser_id";
        command.Parameters.AddWithValue("$id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return JsonSerializer.Deserialize(reader.GetString(0), CoreJsonContext.Default.AgentResult)!;
        }
    }

    public async Task SaveMarketSliceAsync(string runId, MarketSlice slice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slice);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO run_market_slices (run_id, market, offset_at, slice_json) VALUES ($id, $market, $offset, $json)";
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$market", slice.Market);
        command.Parameters.AddWithValue("$offset", slice.Offset);
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(slice, CoreJsonContext.Default.MarketSlice));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MarketSlice>> ReadMarketSlicesAsync(string runId, string market, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT slice_json FROM run_market_slices WHERE run_id = $id AND market = $market ORDER BY offset_at";
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$market", market);
        var slices = new List<MarketSlice>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            slices.Add(JsonSerializer.Deserialize(reader.GetString(0), CoreJsonContext.Default.MarketSlice)!);
        }

        return slices;
    }

    public async Task SaveBatchProgressAsync(string runId, BatchProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO run_batches (run_id, batch_key, progress_json) VALUES ($id, $batch, $json)";
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$batch", progress.BatchKey);
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(progress, CoreJsonContext.Default.BatchProgress));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<BatchProgress?> ReadBatchProgressAsync(string runId, string batchKey, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT progress_json FROM run_batches WHERE run_id = $id AND batch_key = $batch";
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$batch", batchKey);
        var json = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        return json is null ? null : JsonSerializer.Deserialize(json, CoreJsonContext.Default.BatchProgress);
    }
}

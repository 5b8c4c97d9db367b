using System.Runtime.CompilerServices;
using System.Text.Json;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;

namespace PropGrade.Local.Runs;

/// <summary>
/// <see cref="IRunWorkspace"/> in the same SQLite file as the runs: the discovered items one row per item in discovery
/// order (written and read in chunks of <see cref="ItemChunk"/>, made visible by the run's item count written last; a data
/// directory from before keeps its one items document per run, still read), results one row per (run, advertiser id) upserted so that a retried batch overwrites instead of duplicating. A discovered
/// item carries its <c>/agents/list</c> entry (so that stage 1 makes no call), which is why the items are the bulk of a
/// run's rows here.
/// </summary>
public sealed class SqliteRunWorkspace : IRunWorkspace
{
    private readonly SqliteDatabase _db;

    public SqliteRunWorkspace(string dataDir)
        : this(new SqliteDatabase(dataDir))
    {
    }

    internal SqliteRunWorkspace(SqliteDatabase db) => _db = db;

    /// <summary>Items written per transaction by <see cref="SaveItemsAsync"/>, and read per query by <see cref="ReadItemsAsync"/>.</summary>
    public const int ItemChunk = 1_000;

    public async Task<int> SaveItemsAsync(string runId, IAsyncEnumerable<AgentWorkItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var clear = connection.CreateCommand())
        {
            // A repeated save starts over: the count (what makes the items visible) goes first, then the rows.
            clear.CommandText = """
                DELETE FROM run_item_counts WHERE run_id = $id;
                DELETE FROM run_item_rows WHERE run_id = $id;
                DELETE FROM run_items WHERE run_id = $id;
                """;
            clear.Parameters.AddWithValue("$id", runId);
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var count = 0;
        var chunk = new List<AgentWorkItem>(ItemChunk);
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            chunk.Add(item);
            if (chunk.Count == ItemChunk)
            {
                await InsertChunkAsync(connection, runId, count, chunk, cancellationToken).ConfigureAwait(false);
                count += chunk.Count;
                chunk.Clear();
            }
        }

        await InsertChunkAsync(connection, runId, count, chunk, cancellationToken).ConfigureAwait(false);
        count += chunk.Count;
        await using var complete = connection.CreateCommand();
        complete.CommandText = "INSERT OR REPLACE INTO run_item_counts (run_id, item_count) VALUES ($id, $count)";
        complete.Parameters.AddWithValue("$id", runId);
        complete.Parameters.AddWithValue("$count", count);
        await complete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    public async Task<int?> CountItemsAsync(string runId, CancellationToken cancellationToken)
    {
        if (await CountRowsAsync(runId, cancellationToken).ConfigureAwait(false) is { } count)
        {
            return count;
        }

        // A data directory from before items were stored per row: the run's one items document.
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadLegacyItemsAsync(connection, runId, cancellationToken).ConfigureAwait(false))?.Count;
    }

    public async IAsyncEnumerable<AgentWorkItem> ReadItemsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await CountRowsAsync(runId, cancellationToken).ConfigureAwait(false) is not { } total)
        {
            IReadOnlyList<AgentWorkItem>? legacy;
            await using (var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                legacy = await ReadLegacyItemsAsync(connection, runId, cancellationToken).ConfigureAwait(false);
            }

            foreach (var item in legacy ?? [])
            {
                yield return item;
            }

            yield break;
        }

        // One short query per chunk (keyset on the sequence): no read transaction stays open while the run writes
        // its results, so the write-ahead log can be checkpointed.
        for (var after = -1; after < total - 1;)
        {
            var chunk = new List<(int Seq, string Json)>(ItemChunk);
            await using (var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT seq, item_json FROM run_item_rows WHERE run_id = $id AND seq > $after AND seq < $total ORDER BY seq LIMIT $limit";
                command.Parameters.AddWithValue("$id", runId);
                command.Parameters.AddWithValue("$after", after);
                command.Parameters.AddWithValue("$total", total);
                command.Parameters.AddWithValue("$limit", ItemChunk);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    chunk.Add((reader.GetInt32(0), reader.GetString(1)));
                }
            }

            if (chunk.Count == 0)
            {
                throw new InvalidOperationException($"Run '{runId}': its saved items end at {after + 1} of {total}.");
            }

            foreach (var (seq, json) in chunk)
            {
                after = seq;
                yield return JsonSerializer.Deserialize(json, CoreJsonContext.Default.AgentWorkItem)!;
            }
        }
    }

    private async Task<int?> CountRowsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT item_count FROM run_item_counts WHERE run_id = $id";
        command.Parameters.AddWithValue("$id", runId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long count ? (int)count : null;
    }

    private static async Task<IReadOnlyList<AgentWorkItem>?> ReadLegacyItemsAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string runId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT items_json FROM run_items WHERE run_id = $id";
        command.Parameters.AddWithValue("$id", runId);
        var json = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        return json is null ? null : JsonSerializer.Deserialize(json, CoreJsonContext.Default.IReadOnlyListAgentWorkItem);
    }

    private static async Task InsertChunkAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string runId, int first, List<AgentWorkItem> chunk, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        await using var transaction = (Microsoft.Data.Sqlite.SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO run_item_rows (run_id, seq, item_json) VALUES ($id, $seq, $json)";
        command.Parameters.AddWithValue("$id", runId);
        var seq = command.Parameters.Add("$seq", Microsoft.Data.Sqlite.SqliteType.Integer);
        var json = command.Parameters.Add("$json", Microsoft.Data.Sqlite.SqliteType.Text);
        for (var i = 0; i < chunk.Count; i++)
        {
            seq.Value = first + i;
            json.Value = JsonSerializer.Serialize(chunk[i], CoreJsonContext.Default.AgentWorkItem);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
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
        // UTF-8 bytes cast to TEXT: half the size of a .NET string (a slice is ~14 KB per page) and no UTF-16 copy to convert.
        command.CommandText = "INSERT OR REPLACE INTO run_market_slices (run_id, market, offset_at, slice_json) VALUES ($id, $market, $offset, CAST($json AS TEXT))";
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$market", slice.Market);
        command.Parameters.AddWithValue("$offset", slice.Offset);
        command.Parameters.AddWithValue("$json", JsonSerializer.SerializeToUtf8Bytes(slice, CoreJsonContext.Default.MarketSlice));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MarketSlice>> ReadMarketSlicesAsync(string runId, string market, CancellationToken cancellationToken)
    {
        var slices = new List<MarketSlice>();
        await foreach (var slice in ReadSlicesAsync(runId, market, "ORDER BY offset_at", cancellationToken).ConfigureAwait(false))
        {
            slices.Add(slice);
        }

        return slices;
    }

    public async Task<MarketSlice?> ReadLastMarketSliceAsync(string runId, string market, CancellationToken cancellationToken)
    {
        await foreach (var slice in ReadSlicesAsync(runId, market, "ORDER BY offset_at DESC LIMIT 1", cancellationToken).ConfigureAwait(false))
        {
            return slice;
        }

        return null;
    }

    private async IAsyncEnumerable<MarketSlice> ReadSlicesAsync(string runId, string market, string orderAndLimit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(slice_json AS BLOB) FROM run_market_slices WHERE run_id = $id AND market = $market " + orderAndLimit;
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$market", market);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Parsed from the UTF-8 bytes: no UTF-16 string of the whole slice.
            yield return JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), CoreJsonContext.Default.MarketSlice)!;
        }
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

using System.Text.Json;
using Microsoft.Data.Sqlite;
using PropGrade.Core.Agents;
using PropGrade.Core.Exports;

namespace PropGrade.AgentIndex;

/// <summary>
/// Queries one agents index file (<see cref="AgentIndexFile"/>), read-only: filters are equality tests on indexed
/// columns, the search is <c>instr</c> over the lower-cased search text, the sort a fixed column per
/// <see cref="AgentSortKeys"/> key (never text from the request) with <c>rank</c> as the tie-break, and the total a
/// <c>count(*)</c> window over the same conditions (one pass); the page's JSON rows are then read by rank. Every call opens its own connection, so one reader serves concurrent
/// requests.
/// </summary>
public sealed class SqliteAgentsReader : IRunAgentsReader
{
    private static readonly Dictionary<string, (string Column, bool Nullable)> SortColumns = new(StringComparer.Ordinal)
    {
        [AgentSortKeys.Default] = ("rank", false),
        ["advertiserId"] = ("length(advertiser_id), advertiser_id", false),
        ["name"] = ("name", false),
        ["office"] = ("office", true),
        ["city"] = ("city", true),
        ["market"] = ("market", true),
        ["tier"] = ("tier_rank", false),
        ["volume"] = ("volume", false),
        ["soldVolume"] = ("sold_volume", false),
        ["soldSides"] = ("sold_sides", false),
        ["activeVolume"] = ("active_volume", false),
        ["activeCount"] = ("active_count", false),
        ["initialTier"] = ("initial_tier_rank", false),
        ["movement"] = ("movement_rank", false),
        ["complete"] = ("complete", false),
        ["stopReason"] = ("stop_reason", false),
        ["pagesFetched"] = ("pages_fetched", false),
        ["undisclosedSales"] = ("undisclosed_sales", false),
    };

    private readonly string _connectionString;

    public SqliteAgentsReader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _connectionString = AgentIndexFile.ConnectionString(path, SqliteOpenMode.ReadOnly);
    }

    /// <summary>The index file.</summary>
    public string Path { get; }

    public async Task<AgentRows> QueryAsync(AgentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!SortColumns.TryGetValue(query.Sort, out var sort))
        {
            throw new ArgumentException($"Unknown sort '{query.Sort}'.", nameof(query));
        }

        // One pass: the page's ranks with the number of matching rows alongside (a window over the same conditions);
        // only a page past the end needs a count of its own.
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.CreateCommand();
        var where = Where(query, select);
        var direction = query.Descending ? " DESC" : "";
        var order = string.Join(", ", sort.Column.Split(", ").Select(c => c + direction));
        select.CommandText = "SELECT rank, count(*) OVER () FROM agents" + where + " ORDER BY "
            + (sort.Nullable ? $"{sort.Column} IS NULL, " : "") + order + (sort.Column == "rank" ? "" : ", rank")
            + " LIMIT $limit OFFSET $offset";
        select.Parameters.AddWithValue("$limit", query.PageSize);
        select.Parameters.AddWithValue("$offset", query.Offset);
        var ranks = new List<long>(query.PageSize);
        long? total = null;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ranks.Add(reader.GetInt64(0));
                total = reader.GetInt64(1);
            }
        }

        if (total is null)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM agents" + Where(query, count);
            total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        return new AgentRows(total.Value, await RowsByRankAsync(connection, ranks, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The JSON rows of <paramref name="ranks"/>, in that order.</summary>
    private static async Task<IReadOnlyList<GradedRow>> RowsByRankAsync(SqliteConnection connection, IReadOnlyList<long> ranks, CancellationToken cancellationToken)
    {
        if (ranks.Count == 0)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT rank, json FROM rows WHERE rank IN (" + string.Join(", ", ranks.Select((_, i) => "$r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";
        for (var i = 0; i < ranks.Count; i++)
        {
            command.Parameters.AddWithValue("$r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ranks[i]);
        }

        var byRank = new Dictionary<long, GradedRow>(ranks.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            byRank[reader.GetInt64(0)] = JsonSerializer.Deserialize(reader.GetString(1), AgentsJsonContext.Default.GradedRow)!;
        }

        return [.. ranks.Select(r => byRank[r])];
    }

    public async Task<GradedRow?> FindAsync(string advertiserId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(advertiserId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT r.json FROM agents a JOIN rows r ON r.rank = a.rank WHERE a.advertiser_id = $id";
        command.Parameters.AddWithValue("$id", advertiserId);
        return (await RowsAsync(command, cancellationToken).ConfigureAwait(false)) is [var row] ? row : null;
    }

    public async Task<RunBreakdown> BreakdownAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var meta = connection.CreateCommand();
        meta.CommandText = "SELECT value FROM meta WHERE key = 'tiers'";
        var tiers = JsonSerializer.Deserialize((string)(await meta.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!, AgentIndexJsonContext.Default.ListString)!;

        var markets = new Dictionary<string, (long Agents, Dictionary<string, long> Tiers, long Incomplete, Dictionary<string, long> Movement)>(StringComparer.Ordinal);
        await using (var groups = connection.CreateCommand())
        {
            groups.CommandText = "SELECT coalesce(market, ''), tier, movement, complete, count(*) FROM agents GROUP BY 1, 2, 3, 4";
            await using var reader = await groups.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var market = reader.GetString(0);
                if (!markets.TryGetValue(market, out var entry))
                {
                    entry = (0, tiers.ToDictionary(t => t, _ => 0L, StringComparer.Ordinal), 0, new Dictionary<string, long>(StringComparer.Ordinal));
                }

                var n = reader.GetInt64(4);
                var tier = reader.GetString(1);
                var movement = reader.GetString(2);
                entry.Tiers[tier] = entry.Tiers.GetValueOrDefault(tier) + n;
                if (movement.Length > 0)
                {
                    entry.Movement[movement] = entry.Movement.GetValueOrDefault(movement) + n;
                }

                markets[market] = (entry.Agents + n, entry.Tiers, entry.Incomplete + (reader.GetInt64(3) == 0 ? n : 0), entry.Movement);
            }
        }

        var breakdown = markets
            .OrderByDescending(m => m.Value.Agents).ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new MarketBreakdown(m.Key, m.Value.Agents, m.Value.Tiers, m.Value.Incomplete, m.Value.Movement))
            .ToList();
        return new RunBreakdown(tiers, breakdown, await MoversAsync(connection, RunAggregator.MovementUp, cancellationToken).ConfigureAwait(false),
            await MoversAsync(connection, RunAggregator.MovementDown, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IReadOnlyList<GradedRow>> MoversAsync(SqliteConnection connection, string movement, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT r.json FROM agents a JOIN rows r ON r.rank = a.rank WHERE a.movement = $movement ORDER BY a.volume DESC, a.rank LIMIT $n";
        command.Parameters.AddWithValue("$movement", movement);
        command.Parameters.AddWithValue("$n", RunBreakdown.TopMovers);
        return await RowsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The WHERE clause of a query's filters and search (empty when none), its parameters added to <paramref name="command"/>.</summary>
    private static string Where(AgentQuery query, SqliteCommand command)
    {
        var conditions = new List<string>();
        if (query.Tier is { } tier)
        {
            conditions.Add("tier = $tier");
            command.Parameters.AddWithValue("$tier", tier);
        }

        if (query.Market is { } market)
        {
            conditions.Add("market = $market");
            command.Parameters.AddWithValue("$market", market);
        }

        if (query.Movement is { } movement)
        {
            conditions.Add("movement = $movement");
            command.Parameters.AddWithValue("$movement", movement == AgentMovements.None ? "" : movement);
        }

        if (query.Incomplete is { } incomplete)
        {
            conditions.Add("complete = $complete");
            command.Parameters.AddWithValue("$complete", incomplete ? 0 : 1);
        }

        if (query.Search is { Length: > 0 } search)
        {
            conditions.Add("instr(search, $q) > 0");
            command.Parameters.AddWithValue("$q", search.ToLowerInvariant());
        }

        return conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
    }

    private static async Task<IReadOnlyList<GradedRow>> RowsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<GradedRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(JsonSerializer.Deserialize(reader.GetString(0), AgentsJsonContext.Default.GradedRow)!);
        }

        return rows;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

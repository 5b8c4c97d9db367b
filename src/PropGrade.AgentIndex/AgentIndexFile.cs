using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PropGrade.Core.Agents;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;

namespace PropGrade.AgentIndex;

/// <summary>
/// Writes a run's agents index: one SQLite file holding every graded row (as its JSON, served as is) plus the columns
/// the results table filters, searches and sorts on, each row numbered in export order (<c>rank</c>: the default order
/// and every sort's tie-break). Written to a hidden temporary file next to the final one (created 0600, journal off:
/// nothing else sees it), then renamed over it, so a reader never sees half an index and a crash leaves only a
/// <c>.{name}.{32 hex}.tmp</c> that the data directory's clean-up removes.
/// </summary>
public static class AgentIndexFile
{
    /// <summary>The schema version (in the file's <c>meta</c> table and its name).</summary>
    public const int Version = 1;

    /// <summary>The file name of a run's index.</summary>
    public const string FileName = "agents-v1.db";

    /// <summary>Writes the index of <paramref name="agents"/> (in export order, enumerated once as it is written) to <paramref name="path"/>, replacing any there.</summary>
    public static async Task WriteAsync(string path, GradingPlan plan, IEnumerable<GradedRow> agents, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(agents);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        CreatePrivateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            CreatePrivateFile(temp);
            await using (var connection = new SqliteConnection(ConnectionString(temp, SqliteOpenMode.ReadWrite)))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, Schema, cancellationToken).ConfigureAwait(false);
                await FillAsync(connection, plan, agents, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, Indexes, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    internal static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = false, // an index replaced by a rename must never be read through a pooled handle of the old file
    }.ToString();

    /// <summary>The rank of each tier in plan order, Unranked after them (what <c>tier</c> sorts by).</summary>
    internal static Dictionary<string, int> TierRanks(IReadOnlyList<string> tiers)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tiers.Count; i++)
        {
            ranks[tiers[i]] = i;
        }

        return ranks;
    }

    /// <summary>How the <c>movement</c> column sorts ascending: up, new, same, down, then rows compared with nothing.</summary>
    internal static int MovementRank(string movement) => movement switch
    {
        RunAggregator.MovementUp => 0,
        RunAggregator.MovementNew => 1,
        RunAggregator.MovementSame => 2,
        RunAggregator.MovementDown => 3,
        _ => 4,
    };

    /// <summary>What a search looks in: name, office, advertiser id and city, lower-cased (a search is lower-cased too).</summary>
    internal static string SearchText(GradedRow row) =>
        string.Join('\n', row.Name, row.Office ?? "", row.AdvertiserId, row.Contact?.City ?? "").ToLowerInvariant();

    private const string Schema = """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE agents (
            rank INTEGER PRIMARY KEY,
            advertiser_id TEXT NOT NULL,
            name TEXT NOT NULL COLLATE NOCASE,
            office TEXT COLLATE NOCASE,
            city TEXT COLLATE NOCASE,
            market TEXT,
            tier TEXT NOT NULL,
            tier_rank INTEGER NOT NULL,
            volume REAL NOT NULL,
            sold_volume REAL NOT NULL,
            sold_sides REAL NOT NULL,
            active_volume REAL NOT NULL,
            active_count REAL NOT NULL,
            initial_tier_rank INTEGER NOT NULL,
            movement TEXT NOT NULL,
            movement_rank INTEGER NOT NULL,
            complete INTEGER NOT NULL,
            stop_reason TEXT NOT NULL,
            pages_fetched INTEGER NOT NULL,
            undisclosed_sales INTEGER NOT NULL,
            search TEXT NOT NULL
        );
        CREATE TABLE rows (rank INTEGER PRIMARY KEY, json TEXT NOT NULL);
        """;

    // The rows' JSON lives apart from the columns queries scan (a search reads ~100 bytes a row, not ~900), and is read
    // only for the page's rows. Filters that narrow a lot use an index (ANALYZE lets the planner pick the narrowest);
    // sorts keep a bounded sorter (LIMIT). Measured in docs/web.md.
    private const string Indexes = """
        CREATE UNIQUE INDEX agents_id ON agents (advertiser_id);
        CREATE INDEX agents_tier ON agents (tier, rank);
        CREATE INDEX agents_market ON agents (market, rank);
        CREATE INDEX agents_movement ON agents (movement, volume);
        ANALYZE;
        """;

    private static async Task FillAsync(SqliteConnection connection, GradingPlan plan, IEnumerable<GradedRow> agents, CancellationToken cancellationToken)
    {
        var tiers = plan.Tiers.Select(t => t.Name).Append(GradingPlan.Unranked).ToList();
        var ranks = TierRanks(tiers);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO agents (rank, advertiser_id, name, office, city, market, tier, tier_rank, volume, sold_volume, sold_sides,
                active_volume, active_count, initial_tier_rank, movement, movement_rank, complete, stop_reason, pages_fetched,
                undisclosed_sales, search)
            VALUES ($rank, $id, $name, $office, $city, $market, $tier, $tierRank, $volume, $soldVolume, $soldSides,
                $activeVolume, $activeCount, $initialRank, $movement, $movementRank, $complete, $stopReason, $pages,
                $undisclosed, $search);
            INSERT INTO rows (rank, json) VALUES ($rank, $json);
            """;
        var p = new Dictionary<string, SqliteParameter>(StringComparer.Ordinal);
        foreach (var name in new[]
                 {
                     "$rank", "$id", "$name", "$office", "$city", "$market", "$tier", "$tierRank", "$volume", "$soldVolume", "$soldSides",
                     "$activeVolume", "$activeCount", "$initialRank", "$movement", "$movementRank", "$complete", "$stopReason", "$pages",
                     "$undisclosed", "$search", "$json",
                 })
        {
            p[name] = insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        insert.Prepare();
        var rank = 0;
        foreach (var row in agents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            p["$rank"].Value = rank++;
            p["$id"].Value = row.AdvertiserId;
            p["$name"].Value = row.Name;
            p["$office"].Value = (object?)row.Office ?? DBNull.Value;
            p["$city"].Value = (object?)row.Contact?.City ?? DBNull.Value;
            p["$market"].Value = (object?)row.Market ?? DBNull.Value;
            p["$tier"].Value = row.Tier;
            p["$tierRank"].Value = ranks.GetValueOrDefault(row.Tier, tiers.Count);
            p["$volume"].Value = (double)(row.SoldVolume + (plan.IncludeActive ? row.ActiveVolume : 0m));
            p["$soldVolume"].Value = (double)row.SoldVolume;
            p["$soldSides"].Value = (double)row.SoldSides;
            p["$activeVolume"].Value = (double)row.ActiveVolume;
            p["$activeCount"].Value = (double)row.ActiveCount;
            p["$initialRank"].Value = row.InitialTier is { } initial ? ranks.GetValueOrDefault(initial, tiers.Count) : tiers.Count + 1;
            p["$movement"].Value = row.Movement;
            p["$movementRank"].Value = MovementRank(row.Movement);
            p["$complete"].Value = row.Complete ? 1 : 0;
            p["$stopReason"].Value = row.StopReason;
            p["$pages"].Value = row.PagesFetched;
            p["$undisclosed"].Value = row.UndisclosedSales;
            p["$search"].Value = SearchText(row);
            p["$json"].Value = JsonSerializer.Serialize(row, AgentsJsonContext.Default.GradedRow);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var meta = connection.CreateCommand())
        {
            meta.Transaction = transaction;
            meta.CommandText = "INSERT INTO meta (key, value) VALUES ('version', $version), ('tiers', $tiers), ('includeActive', $active), ('rows', $rows)";
            meta.Parameters.AddWithValue("$version", Version.ToString(CultureInfo.InvariantCulture));
            meta.Parameters.AddWithValue("$tiers", JsonSerializer.Serialize(tiers, AgentIndexJsonContext.Default.ListString));
            meta.Parameters.AddWithValue("$active", plan.IncludeActive ? "true" : "false");
            meta.Parameters.AddWithValue("$rows", rank.ToString(CultureInfo.InvariantCulture));
            await meta.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An empty file readable and writable by its owner only, before SQLite opens it.</summary>
    private static void CreatePrivateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (new FileStream(path, options))
        {
        }
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left as a stale hidden temp file: the data directory's start-up clean-up removes it.
        }
    }
}

using Microsoft.Data.Sqlite;

namespace PropGrade.Local.Runs;

/// <summary>
/// The local batch database <c>{dataDir}/propgrade.db</c>: WAL journal (readers never block the writer), a busy
/// timeout so that concurrent writers queue instead of failing, and the schema created on first use. The file is
/// created <c>0600</c> (so are its <c>-wal</c> and <c>-shm</c>, which SQLite creates with the database's mode).
/// </summary>
internal sealed class SqliteDatabase
{
    public const string FileName = "propgrade.db";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _init = new(1, 1);
    private bool _ready;

    public SqliteDatabase(string dataDir)
    {
        PrivateFiles.CreateDirectory(dataDir);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDir, FileName));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            PrivateFiles.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
            using (PrivateFiles.Open(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite))
            {
            }
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;", cancellationToken).ConfigureAwait(false);
        if (!_ready)
        {
            await _init.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_ready)
                {
                    await ExecuteAsync(connection, Schema, cancellationToken).ConfigureAwait(false);
                    await AddMissingColumnsAsync(connection, cancellationToken).ConfigureAwait(false);
                    _ready = true;
                }
            }
            finally
            {
                _init.Release();
            }
        }

        return connection;
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Columns added after the first schema (listing-API contract revision 2): a database written before them gets them
    /// as NULL columns, so its runs stay listable and showable (they read as revision 1).
    /// </summary>
    private static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        ("runs", "listing_api_revision", "INTEGER NULL"),
        ("runs", "markets_json", "TEXT NULL"),
        ("runs", "warnings_json", "TEXT NULL"),
        ("runs", "consecutive_failures", "INTEGER NOT NULL DEFAULT 0"),
        ("runs", "comparison_json", "TEXT NULL"),
        ("runs", "source_json", "TEXT NULL"),
    ];

    private static async Task AddMissingColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        foreach (var table in AddedColumns.Select(c => c.Table).Distinct())
        {
            var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"PRAGMA table_info({table})";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    existing.Add(reader.GetString(1));
                }
            }

            foreach (var (_, column, definition) in AddedColumns.Where(c => c.Table == table && !existing.Contains(c.Column)))
            {
                try
                {
                    await ExecuteAsync(connection, $"ALTER TABLE {table} ADD COLUMN {column} {definition}", cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException ex) when (ex.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
                {
                    // Another process added it first.
                }
            }
        }
    }

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS runs (
            run_id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            trigger TEXT NOT NULL,
            request_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            started_at TEXT NULL,
            finished_at TEXT NULL,
            api_today TEXT NULL,
            regrade_of TEXT NULL,
            agents_discovered INTEGER NOT NULL DEFAULT 0,
            agents_profiled INTEGER NOT NULL DEFAULT 0,
            agents_done INTEGER NOT NULL DEFAULT 0,
            agents_incomplete INTEGER NOT NULL DEFAULT 0,
            agents_skipped INTEGER NOT NULL DEFAULT 0,
            api_calls INTEGER NOT NULL DEFAULT 0,
            throttled INTEGER NOT NULL DEFAULT 0,
            retries INTEGER NOT NULL DEFAULT 0,
            tier_counts_json TEXT NOT NULL DEFAULT '{}',
            error TEXT NULL,
            exports_json TEXT NOT NULL DEFAULT '[]',
            listing_api_revision INTEGER NULL,
            markets_json TEXT NULL,
            warnings_json TEXT NULL,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            comparison_json TEXT NULL,
            source_json TEXT NULL
        );
        CREATE TABLE IF NOT EXISTS run_items (
            run_id TEXT PRIMARY KEY,
            items_json TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS run_item_rows (
            run_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            item_json TEXT NOT NULL,
            PRIMARY KEY (run_id, seq)
        );
        CREATE TABLE IF NOT EXISTS run_item_counts (
            run_id TEXT PRIMARY KEY,
            item_count INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS run_market_slices (
            run_id TEXT NOT NULL,
            market TEXT NOT NULL,
            offset_at INTEGER NOT NULL,
            slice_json TEXT NOT NULL,
            PRIMARY KEY (run_id, market, offset_at)
        );
        CREATE TABLE IF NOT EXISTS run_batches (
            run_id TEXT NOT NULL,
            batch_key TEXT NOT NULL,
            progress_json TEXT NOT NULL,
            PRIMARY KEY (run_id, batch_key)
        );
        CREATE TABLE IF NOT EXISTS leases (
            name TEXT PRIMARY KEY,
            owner_id TEXT NOT NULL,
            description TEXT NOT NULL,
            run_id TEXT NULL,
            acquired_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS run_results (
            run_id TEXT NOT NULL,
            advertiser_id TEXT NOT NULL,
            batch_key TEXT NOT NULL,
            result_json TEXT NOT NULL,
            PRIMARY KEY (run_id, advertiser_id)
        );
        """;
}

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
            exports_json TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE IF NOT EXISTS run_items (
            run_id TEXT PRIMARY KEY,
            items_json TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS run_results (
            run_id TEXT NOT NULL,
            advertiser_id INTEGER NOT NULL,
            batch_key TEXT NOT NULL,
            result_json TEXT NOT NULL,
            PRIMARY KEY (run_id, advertiser_id)
        );
        """;
}

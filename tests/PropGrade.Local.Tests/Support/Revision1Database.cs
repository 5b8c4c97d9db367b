using Microsoft.Data.Sqlite;

namespace PropGrade.Local.Tests.Support;

/// <summary>
/// A data directory exactly as a build before listing-API contract revision 2 left it: the old <c>runs</c> schema
/// (no revision, markets or warnings columns), numeric advertiser ids in requests, items and results, and a roster of
/// bare ids. Used to prove such runs stay listable and showable, and are refused plainly for resume and regrade.
/// </summary>
internal static class Revision1Database
{
    public const string MarketsRun = "20251101T100000Z-aaaaaa";
    public const string RosterRun = "20251102T100000Z-bbbbbb";
    public const string FailedRun = "20251103T100000Z-cccccc";

    public static void Create(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "propgrade.db")};Pooling=False");
        connection.Open();
        Execute(connection, """
            CREATE TABLE runs (
                run_id TEXT PRIMARY KEY, status TEXT NOT NULL, trigger TEXT NOT NULL, request_json TEXT NOT NULL,
                created_at TEXT NOT NULL, started_at TEXT NULL, finished_at TEXT NULL, api_today TEXT NULL, regrade_of TEXT NULL,
                agents_discovered INTEGER NOT NULL DEFAULT 0, agents_profiled INTEGER NOT NULL DEFAULT 0, agents_done INTEGER NOT NULL DEFAULT 0,
                agents_incomplete INTEGER NOT NULL DEFAULT 0, agents_skipped INTEGER NOT NULL DEFAULT 0, api_calls INTEGER NOT NULL DEFAULT 0,
                throttled INTEGER NOT NULL DEFAULT 0, retries INTEGER NOT NULL DEFAULT 0,
                tier_counts_json TEXT NOT NULL DEFAULT '{}', error TEXT NULL, exports_json TEXT NOT NULL DEFAULT '[]');
            CREATE TABLE run_items (run_id TEXT PRIMARY KEY, items_json TEXT NOT NULL);
            CREATE TABLE run_results (run_id TEXT NOT NULL, advertiser_id INTEGER NOT NULL, batch_key TEXT NOT NULL, result_json TEXT NOT NULL,
                PRIMARY KEY (run_id, advertiser_id));
            """);
        const string tiers = """[{"name":"A","minVolume":40000000,"minSides":null},{"name":"B","minVolume":16000000,"minSides":40},{"name":"C","minVolume":5000000,"minSides":12}]""";
        Insert(connection, MarketsRun, "Succeeded", $$"""{"tiers":{{tiers}},"soldSince":"2024-11-01","asOf":"2025-11-01","includeActive":false,"selectedTiers":["A","B","C"],"markets":["07030","90210"],"roster":null,"maxPages":19}""", "2025-11-01T10:00:00.0000000Z");
        Insert(connection, RosterRun, "Succeeded", $$"""{"tiers":{{tiers}},"soldSince":"2024-11-02","asOf":"2025-11-02","includeActive":false,"selectedTiers":["A","B","C"],"markets":null,"roster":[884288,884289],"maxPages":19}""", "2025-11-02T10:00:00.0000000Z");
        Insert(connection, FailedRun, "Failed", $$"""{"tiers":{{tiers}},"soldSince":"2024-11-03","asOf":"2025-11-03","includeActive":false,"selectedTiers":["A","B","C"],"markets":["07030"],"roster":null,"maxPages":19}""", "2025-11-03T10:00:00.0000000Z");
        foreach (var run in new[] { MarketsRun, RosterRun, FailedRun })
        {
            Execute(connection, $$"""INSERT INTO run_items (run_id, items_json) VALUES ('{{run}}', '[{"advertiserId":884288,"market":"07030"},{"advertiserId":884289,"market":"07030"}]')""");
            foreach (var (id, tier) in new[] { (884288, "A"), (884289, "C") })
            {
                Execute(connection, $$"""
                    INSERT INTO run_results (run_id, advertiser_id, batch_key, result_json) VALUES ('{{run}}', {{id}}, 'agents-x-000000',
                    '{"advertiserId":{{id}},"fulfillmentId":{{id + 1000}},"name":"Agent {{id}}","office":"Office","market":"07030","tier":"{{tier}}","initialTier":"B","soldVolume":41000000,"soldSides":12.5,"activeVolume":0,"activeCount":0,"complete":true,"skipped":false,"stopReason":"tier_settled","pagesFetched":2,"calls":3}')
                    """);
            }
        }
    }

    private static void Insert(SqliteConnection connection, string runId, string status, string request, string created) =>
        Execute(connection, $"""
            INSERT INTO runs (run_id, status, trigger, request_json, created_at, started_at, finished_at, api_today, agents_discovered, agents_profiled,
                agents_done, api_calls, tier_counts_json, error, exports_json)
            VALUES ('{runId}', '{status}', 'Cli', '{request}', '{created}', '{created}', '{created}', '{created[..10]}', 2, 2, 2, 6,
                '{(status == "Failed" ? "{}" : """{"A":1,"B":0,"C":1,"Unranked":0}""")}', {(status == "Failed" ? "'ApiAuthException (auth_invalid_key): bad key'" : "NULL")},
                '{(status == "Failed" ? "[]" : """["graded.csv","graded.xlsx","summary.json"]""")}')
            """);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

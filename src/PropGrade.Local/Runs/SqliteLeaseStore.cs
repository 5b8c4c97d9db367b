using System.Globalization;
using Microsoft.Data.Sqlite;
using PropGrade.Core.Runs;

namespace PropGrade.Local.Runs;

/// <summary>
/// <see cref="ILeaseStore"/> in the runs database (<c>leases</c> table): taking a lease is one
/// <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE</c> (free, expired, or ours), so two processes on one data directory
/// never both hold it; SQLite's writer lock orders them.
/// </summary>
public sealed class SqliteLeaseStore : ILeaseStore
{
    private readonly SqliteDatabase _db;

    public SqliteLeaseStore(string dataDir)
        : this(new SqliteDatabase(dataDir))
    {
    }

    internal SqliteLeaseStore(SqliteDatabase db) => _db = db;

    public async Task<LeaseGrant> TryAcquireAsync(string name, LeaseHolder holder, TimeSpan ttl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(holder);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT INTO leases (name, owner_id, description, run_id, acquired_at, heartbeat_at, expires_at)
                VALUES ($name, $owner, $description, $run, $now, $now, $expires)
                ON CONFLICT (name) DO UPDATE SET
                    acquired_at = CASE WHEN leases.owner_id = excluded.owner_id THEN leases.acquired_at ELSE excluded.acquired_at END,
                    owner_id = excluded.owner_id, description = excluded.description, run_id = excluded.run_id,
                    heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
                WHERE leases.owner_id = excluded.owner_id OR leases.expires_at <= $now
                """;
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$owner", holder.OwnerId);
            command.Parameters.AddWithValue("$description", holder.Description);
            command.Parameters.AddWithValue("$run", (object?)holder.RunId ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", Time(now));
            command.Parameters.AddWithValue("$expires", Time(now + ttl));
            var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            var current = await ReadAsync(connection, name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Lease '{name}' vanished while it was taken.");
            return new LeaseGrant(changed == 1 && current.OwnerId == holder.OwnerId, current);
        }
    }

    public async Task<bool> ReleaseAsync(string name, string ownerId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM leases WHERE name = $name AND owner_id = $owner";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$owner", ownerId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Lease?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, name, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Lease?> ReadAsync(SqliteConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT owner_id, description, run_id, acquired_at, heartbeat_at, expires_at FROM leases WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new Lease(
            name,
            reader.GetString(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            Parse(reader.GetString(3)),
            Parse(reader.GetString(4)),
            Parse(reader.GetString(5)));
    }

    // Fixed-width UTC: the store compares these as text.
    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

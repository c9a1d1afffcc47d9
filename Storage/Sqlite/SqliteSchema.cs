using Microsoft.Data.Sqlite;

namespace FestivalPos.Storage.Sqlite;

/// <summary>Creates and migrates the SQLite ledger schema; migrations run in order, each recorded in schema_version.</summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE ledger_streams (
            stream_id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE ledger_events (
            stream_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            payload TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (stream_id, version)
        );
        """,
        """
        CREATE TABLE ledger_index (
            key TEXT NOT NULL,
            position INTEGER NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (key, position)
        ) WITHOUT ROWID;
        """,
        // The ledger feed: every event gets its place in commit order; the events already stored take theirs in
        // insertion order (rowid), which is their commit order under the single writer.
        """
        ALTER TABLE ledger_events ADD COLUMN position INTEGER;
        UPDATE ledger_events SET position = numbered.position
        FROM (SELECT rowid AS event_rowid, row_number() OVER (ORDER BY rowid) AS position FROM ledger_events) AS numbered
        WHERE ledger_events.rowid = numbered.event_rowid;
        CREATE UNIQUE INDEX ledger_events_by_position ON ledger_events (position);
        CREATE TABLE ledger_feed_checkpoints (
            consumer TEXT NOT NULL PRIMARY KEY,
            position INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
        // Holder data lives outside the streams so that it can be erased: a row per wallet, overwritten by a tombstone.
        """
        CREATE TABLE holder_data (
            wallet_id TEXT NOT NULL PRIMARY KEY,
            sealed TEXT NULL,
            changed_at TEXT NOT NULL,
            erased_at TEXT NULL
        ) WITHOUT ROWID;
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    /// <summary>Brings the schema up to date inside BEGIN IMMEDIATE, so concurrent processes migrate one at a time.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)");
            var current = CurrentVersion(connection);
            if (current > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The ledger database is at schema version {current}, newer than this build supports ({LatestVersion}).");
            }

            for (var version = current + 1; version <= LatestVersion; version++)
            {
                Execute(connection, Migrations[version - 1]);
                using var record = connection.CreateCommand();
                record.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES ($version, $appliedAt)";
                record.Parameters.AddWithValue("$version", version);
                record.Parameters.AddWithValue("$appliedAt", DateTimeOffset.UtcNow.ToString("O"));
                record.ExecuteNonQuery();
            }

            Execute(connection, "COMMIT");
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    private static long CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

using Npgsql;

namespace FestivalPos.Storage.PostgreSql;

/// <summary>
/// Creates and migrates the PostgreSQL ledger schema under a transaction-scoped advisory lock, so
/// processes starting at once migrate one after the other; each migration is recorded in schema_version.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Advisory lock key for schema changes ("LEDGER" in ASCII).</summary>
    private const long MigrationLockKey = 0x4C4544474552;

    /// <summary>
    /// Stream heads are updated on every append; free space on their pages lets those updates stay
    /// heap-only (the version is not indexed). Events are insert-only.
    /// </summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE ledger_streams (
            stream_id text COLLATE "C" NOT NULL PRIMARY KEY,
            version bigint NOT NULL
        ) WITH (fillfactor = 70);
        CREATE TABLE ledger_events (
            stream_id text COLLATE "C" NOT NULL,
            version bigint NOT NULL,
            payload text NOT NULL,
            hash text NOT NULL,
            PRIMARY KEY (stream_id, version)
        );
        """,
        """
        CREATE TABLE ledger_index (
            key text COLLATE "C" NOT NULL,
            position bigint NOT NULL,
            value text NOT NULL,
            PRIMARY KEY (key, position)
        );
        """,
        // The ledger feed. A sequence would hand out positions before commit, so a reader could see 12 committed
        // while 11 is still in flight and pass over 11 for good; instead every append statement moves the one-row
        // head, whose row lock it holds until it commits, so positions are taken and made visible in one order.
        // Stored events take positions in the order they were written (oldest transaction first, then their
        // place in the table), each stream's events in version order.
        """
        ALTER TABLE ledger_events ADD COLUMN position bigint;
        WITH written AS (
            SELECT stream_id, row_number() OVER (ORDER BY age(xmin) DESC, ctid) AS position FROM ledger_events
        ),
        stream_positions AS (
            SELECT stream_id, position, row_number() OVER (PARTITION BY stream_id ORDER BY position) AS nth FROM written
        ),
        stream_versions AS (
            SELECT stream_id, version, row_number() OVER (PARTITION BY stream_id ORDER BY version) AS nth FROM ledger_events
        )
        UPDATE ledger_events AS e SET position = p.position
        FROM stream_versions AS v JOIN stream_positions AS p ON p.stream_id = v.stream_id AND p.nth = v.nth
        WHERE e.stream_id = v.stream_id AND e.version = v.version;
        ALTER TABLE ledger_events ALTER COLUMN position SET NOT NULL;
        CREATE UNIQUE INDEX ledger_events_by_position ON ledger_events (position);
        CREATE TABLE ledger_feed_head (
            single boolean NOT NULL PRIMARY KEY DEFAULT true CHECK (single),
            position bigint NOT NULL
        );
        INSERT INTO ledger_feed_head (position) SELECT coalesce(max(position), 0) FROM ledger_events;
        CREATE TABLE ledger_feed_checkpoints (
            consumer text COLLATE "C" NOT NULL PRIMARY KEY,
            position bigint NOT NULL
        );
        """,
        // Holder data lives outside the streams so that it can be erased: a row per wallet, overwritten by a tombstone.
        """
        CREATE TABLE holder_data (
            wallet_id text COLLATE "C" NOT NULL PRIMARY KEY,
            sealed text NULL,
            changed_at timestamptz NOT NULL,
            erased_at timestamptz NULL
        );
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        await ExecuteAsync(
            connection,
            "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken);
        await using (var query = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection))
        {
            var current = (int)(await query.ExecuteScalarAsync(cancellationToken))!;
            if (current > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The ledger database is at schema version {current}, newer than this build supports ({LatestVersion}).");
            }

            for (var version = current + 1; version <= LatestVersion; version++)
            {
                await ExecuteAsync(connection, Migrations[version - 1], cancellationToken);
                await ExecuteAsync(connection, $"INSERT INTO schema_version (version) VALUES ({version})", cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

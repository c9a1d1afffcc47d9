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

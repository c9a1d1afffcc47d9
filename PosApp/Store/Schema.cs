using Microsoft.Data.Sqlite;

namespace FestivalPos.PosApp.Store;

/// <summary>The store's schema as numbered migrations; <c>PRAGMA user_version</c> is how far a file got.</summary>
internal static class Schema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE seq_counter (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL);
        INSERT INTO seq_counter (id, last_seq) VALUES (1, 0);
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY,
            wallet_id TEXT NOT NULL,
            amount INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            credential_type TEXT NOT NULL,
            credential_value TEXT NOT NULL,
            signature TEXT NOT NULL,
            items TEXT NOT NULL,
            mode TEXT NOT NULL,
            online_attempted INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL,
            reason TEXT,
            balance INTEGER,
            recorded_at INTEGER NOT NULL,
            settled_at INTEGER);
        CREATE INDEX outbox_state ON outbox (state, seq);
        CREATE INDEX outbox_wallet ON outbox (wallet_id, state);
        CREATE TABLE snapshot_wallet (
            wallet_id TEXT PRIMARY KEY,
            balance INTEGER NOT NULL,
            status TEXT NOT NULL,
            pin TEXT,
            pin_locked INTEGER NOT NULL);
        CREATE TABLE wristband (uid TEXT PRIMARY KEY, wallet_id TEXT NOT NULL);
        CREATE INDEX wristband_wallet ON wristband (wallet_id);
        CREATE TABLE catalog (item TEXT PRIMARY KEY, name TEXT NOT NULL, price INTEGER NOT NULL);
        """,
        // Who works on a pending sale: '{session}:cashier' or '{session}:sync', NULL when it waits for the sync.
        """
        ALTER TABLE outbox ADD COLUMN owner TEXT;
        """,
        // API 1.1: wristbands only as digests, no PIN verifiers; the snapshot is read again from the start.
        """
        DROP TABLE wristband;
        CREATE TABLE wristband_digest (digest TEXT PRIMARY KEY, wallet_id TEXT NOT NULL);
        CREATE INDEX wristband_digest_wallet ON wristband_digest (wallet_id);
        DELETE FROM snapshot_wallet;
        ALTER TABLE snapshot_wallet DROP COLUMN pin;
        DELETE FROM meta WHERE key = 'snapshot_version';
        """,
        // When the server's cursor passed a settled sale: it is kept for the retention window after, in case the ledger is restored.
        """
        ALTER TABLE outbox ADD COLUMN acked_at INTEGER;
        UPDATE outbox SET acked_at = COALESCE(settled_at, recorded_at)
        WHERE state <> 'pending' AND seq <= COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'acked_through'), 0);
        """,
        // The stand's catalog comes with the snapshot (deposits, age checks); a sale keeps its lines (JSON) for every resend;
        // the refunds this terminal gave, so that one whose answer was lost is asked again under its refundId.
        """
        ALTER TABLE catalog ADD COLUMN vat_rate TEXT NOT NULL DEFAULT '0';
        ALTER TABLE catalog ADD COLUMN category TEXT NOT NULL DEFAULT '';
        ALTER TABLE catalog ADD COLUMN deposit INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE catalog ADD COLUMN minimum_age INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE outbox ADD COLUMN lines TEXT;
        CREATE TABLE refund (refund_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, amount INTEGER NOT NULL, state TEXT NOT NULL);
        CREATE INDEX refund_seq ON refund (seq);
        """,
        // The key a client (the touch screen) gave the sale: asked again under it, after a crash too, it answers this sale.
        """
        ALTER TABLE outbox ADD COLUMN sale_key TEXT;
        CREATE UNIQUE INDEX outbox_sale_key ON outbox (sale_key) WHERE sale_key IS NOT NULL;
        """,
    ];

    public static int Version => Migrations.Length;

    public static void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = Convert.ToInt32(connection.Scalar(transaction, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Migrations.Length)
        {
            throw new PosException(ExitCodes.Config, $"The store has schema version {current}, newer than this posapp ({Migrations.Length}).");
        }

        for (var version = current; version < Migrations.Length; version++)
        {
            StoreDatabase.Execute(connection, Migrations[version], transaction);
            StoreDatabase.Execute(connection, $"PRAGMA user_version = {version + 1}", transaction);
        }

        transaction.Commit();
    }
}

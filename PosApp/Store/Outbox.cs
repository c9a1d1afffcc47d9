using Microsoft.Data.Sqlite;

namespace FestivalPos.PosApp.Store;

/// <summary>
/// The sales of this terminal. A seq is allocated and its sale written in one transaction, durable
/// before anything is sent or shown; a row leaves only once the server's cursor has passed it.
/// </summary>
public sealed class Outbox(StoreDatabase database, TimeProvider time)
{
    private const string Columns = "seq, wallet_id, amount, created_at, credential_type, credential_value, signature, items, mode, online_attempted, state, reason, balance";

    /// <summary>
    /// Allocates the next seq and writes the sale, signed by <paramref name="sign"/>, in one transaction;
    /// <paramref name="guard"/> runs inside it first and may refuse (answering why), and then nothing is written.
    /// </summary>
    public Task<(OutboxEntry? Entry, string? Refusal)> AddAsync(NewSale sale, Func<long, string> sign, Func<SqliteConnection, SqliteTransaction, string?>? guard = null) =>
        database.WriteAsync<(OutboxEntry?, string?)>((connection, transaction) =>
        {
            if (guard?.Invoke(connection, transaction) is { } refusal)
            {
                return (null, refusal);
            }

            var seq = (long)connection.Scalar(transaction, "UPDATE seq_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq")!;
            var entry = new OutboxEntry(seq, sale.WalletId, sale.Amount, sale.CreatedAt, sale.CredentialType, sale.CredentialValue, sign(seq), sale.Items,
                sale.Mode, sale.Mode == SaleModes.Online, SaleStates.Pending, null, null);
            connection.Run(transaction,
                $"INSERT INTO outbox ({Columns}, recorded_at) VALUES ($seq, $wallet, $amount, $createdAt, $type, $value, $signature, $items, $mode, $attempted, $state, NULL, NULL, $now)",
                ("$seq", seq), ("$wallet", entry.WalletId), ("$amount", entry.Amount), ("$createdAt", entry.CreatedAt), ("$type", entry.CredentialType),
                ("$value", database.Secrets.Seal(entry.CredentialValue, "outbox.credential")), ("$signature", entry.Signature), ("$items", entry.Items),
                ("$mode", entry.Mode), ("$attempted", entry.OnlineAttempted ? 1 : 0), ("$state", entry.State), ("$now", Now));
            return (entry, null);
        });

    /// <summary>A pending online sale becomes an offline one (same seq), if <paramref name="guard"/> allows it.</summary>
    public Task<string?> SwitchToOfflineAsync(long seq, Func<SqliteConnection, SqliteTransaction, string?> guard) =>
        database.WriteAsync((connection, transaction) =>
        {
            if (guard(connection, transaction) is { } refusal)
            {
                return refusal;
            }

            connection.Run(transaction, "UPDATE outbox SET mode = 'offline' WHERE seq = $seq AND state = 'pending'", ("$seq", seq));
            return null;
        });

    /// <summary>
    /// Takes back a sale whose request never left the terminal and was not sold offline; its seq is
    /// handed out again if nothing came after it. Answers false when that is no longer possible.
    /// </summary>
    public Task<bool> WithdrawAsync(long seq) => database.WriteAsync((connection, transaction) =>
    {
        var last = (long)connection.Scalar(transaction, "SELECT last_seq FROM seq_counter WHERE id = 1")!;
        if (last != seq || connection.Run(transaction, "DELETE FROM outbox WHERE seq = $seq AND state = 'pending' AND mode = 'online'", ("$seq", seq)) == 0)
        {
            return false;
        }

        connection.Run(transaction, "UPDATE seq_counter SET last_seq = last_seq - 1 WHERE id = 1");
        return true;
    });

    /// <summary>Records the server's final answer for one seq (an online answer, or one result of a batch).</summary>
    public Task RecordAsync(IReadOnlyList<SettledSeq> answers, long? balance = null, long? ackedThrough = null) =>
        database.WriteAsync((connection, transaction) =>
        {
            foreach (var answer in answers)
            {
                connection.Run(transaction,
                    "UPDATE outbox SET state = $state, reason = $reason, balance = COALESCE($balance, balance), settled_at = $now WHERE seq = $seq AND state = 'pending'",
                    ("$state", answer.State), ("$reason", answer.Reason), ("$balance", balance), ("$now", Now), ("$seq", answer.Seq));
            }

            if (ackedThrough is { } acked && acked > Meta.GetLong(connection, transaction, Meta.AckedThrough))
            {
                Meta.SetLong(connection, transaction, Meta.AckedThrough, acked);
            }

            return true;
        });

    /// <summary>Whether settled sales wait above the server's last known <c>ackedThrough</c>, which only the server's cursor lets go.</summary>
    public Task<bool> AwaitsCursorAsync() => database.ReadAsync(connection =>
        (long)connection.Scalar(null, "SELECT COUNT(*) FROM outbox WHERE state <> 'pending' AND seq > $acked",
            ("$acked", Meta.GetLong(connection, null, Meta.AckedThrough)))! > 0);

    public Task<List<OutboxEntry>> PendingAsync(string mode, int limit) => database.ReadAsync(connection =>
        connection.Query(null, $"SELECT {Columns} FROM outbox WHERE state = 'pending' AND mode = $mode ORDER BY seq LIMIT $limit", Read, ("$mode", mode), ("$limit", limit)));

    public Task<OutboxEntry?> FindAsync(long seq) => database.ReadAsync(connection =>
        connection.Query(null, $"SELECT {Columns} FROM outbox WHERE seq = $seq", Read, ("$seq", seq)).SingleOrDefault());

    public Task<List<OutboxEntry>> RecentAsync(int limit) => database.ReadAsync(connection =>
        connection.Query(null, $"SELECT {Columns} FROM outbox ORDER BY seq DESC LIMIT $limit", Read, ("$limit", limit)));

    public Task<Backlog> BacklogAsync() => database.ReadAsync(connection =>
    {
        var (count, oldest) = connection.Query(null, "SELECT COUNT(*), MIN(recorded_at) FROM outbox WHERE state = 'pending'", r => (r.GetInt32(0), r.NullableLong(1))).Single();
        var age = oldest is { } at ? time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(at) : (TimeSpan?)null;
        return new Backlog(count, age, Meta.GetLong(connection, null, Meta.AckedThrough));
    });

    /// <summary>
    /// Drops settled sales at or below the server's <c>ackedThrough</c>; a sale that moved money stays
    /// until a complete snapshot refresh, started after it settled, carries it (the allowance counts it until then).
    /// </summary>
    public Task<int> TrimAsync() => database.WriteAsync((connection, transaction) =>
    {
        var acked = Meta.GetLong(connection, transaction, Meta.AckedThrough);
        var refreshed = Meta.GetLong(connection, transaction, Meta.SnapshotRefreshedAt);
        return connection.Run(transaction,
            "DELETE FROM outbox WHERE seq <= $acked AND state <> 'pending' AND (state IN ('declined', 'rejected') OR settled_at + $margin <= $refreshed)",
            ("$acked", acked), ("$refreshed", refreshed), ("$margin", ReflectionMarginMs));
    });

    /// <summary>How long the cluster may take to carry a settled charge into the offline snapshot.</summary>
    public const long ReflectionMarginMs = 2000;

    /// <summary>What this terminal sold to the wallet that the stored snapshot balance does not show yet.</summary>
    public static long UnreflectedSpend(SqliteConnection connection, SqliteTransaction? transaction, string walletId, long exceptSeq = 0)
    {
        var refreshed = Meta.GetLong(connection, transaction, Meta.SnapshotRefreshedAt);
        return (long)connection.Scalar(transaction,
            """
            SELECT COALESCE(SUM(amount), 0) FROM outbox
            WHERE wallet_id = $wallet AND seq <> $except AND state IN ('pending', 'approved', 'applied')
              AND (settled_at IS NULL OR settled_at + $margin > $refreshed)
            """,
            ("$wallet", walletId), ("$except", exceptSeq), ("$margin", ReflectionMarginMs), ("$refreshed", refreshed))!;
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private OutboxEntry Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), database.Secrets.Open(r.GetString(5), "outbox.credential"),
        r.GetString(6), r.GetString(7), r.GetString(8), r.GetInt64(9) == 1, r.GetString(10), r.NullableString(11), r.NullableLong(12));
}

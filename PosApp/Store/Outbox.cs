using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FestivalPos.PosApp.Store;

/// <summary>
/// The sales of this terminal. A seq is allocated and its sale written in one transaction, durable
/// before anything is sent or shown; a row leaves only once the server's cursor has passed it.
/// A pending sale has one owner at a time (<see cref="SaleOwner"/>), checked in the transaction that
/// changes it: the cashier holds an online sale from its first write until it records the answer, sells it
/// offline, withdraws it or hands it over; every other pending sale is the sync's, which claims it before
/// sending it. An answer is recorded only by the sale's owner, and only on the row with the answered content.
/// A settled sale a restored ledger could lack stays for <paramref name="retention"/> after the server's cursor passed it.
/// </summary>
public sealed class Outbox(StoreDatabase database, TimeProvider time, TimeSpan? retention = null)
{
    /// <summary>The refusal when the cashier no longer holds the sale it wants to change.</summary>
    public const string NotHeld = "saleNoLongerHeld";

    /// <summary>How long the cluster may take to carry a settled charge into the offline snapshot.</summary>
    public const long ReflectionMarginMs = 2000;

    private const string Columns = "seq, wallet_id, amount, created_at, credential_type, credential_value, signature, items, mode, online_attempted, state, reason, balance, lines";
    private const string CredentialPurpose = "outbox.credential";

    /// <summary>
    /// The settled sales a restored ledger must get again: every sale the terminal recorded offline (the goods went; a refused
    /// one goes back to review) and every sale approved online. Declined and refused online ones are not: sent offline, a
    /// declined seq would be settled (API 1.1), charging a sale the cashier was told was declined.
    /// </summary>
    private const string Resendable = "(mode = 'offline' OR state = 'approved')";

    /// <summary>
    /// Allocates the next seq and writes the sale, signed by <paramref name="sign"/>, in one transaction;
    /// <paramref name="guard"/> runs inside it first and may refuse (answering why), and then nothing is written.
    /// An online sale is the cashier's until it lets go of it; an offline one is the sync's at once.
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
                sale.Mode, sale.Mode == SaleModes.Online, SaleStates.Pending, null, null, sale.Lines);
            connection.Run(transaction,
                $"INSERT INTO outbox ({Columns}, recorded_at, owner, sale_key) VALUES ($seq, $wallet, $amount, $createdAt, $type, $value, $signature, $items, $mode, $attempted, $state, NULL, NULL, $lines, $now, $owner, $key)",
                ("$seq", seq), ("$wallet", entry.WalletId), ("$amount", entry.Amount), ("$createdAt", entry.CreatedAt), ("$type", entry.CredentialType),
                ("$value", database.Secrets.Seal(entry.CredentialValue, CredentialPurpose)), ("$signature", entry.Signature), ("$items", entry.Items),
                ("$mode", entry.Mode), ("$attempted", entry.OnlineAttempted ? 1 : 0), ("$state", entry.State), ("$lines", LinesJson(entry.Lines)), ("$now", Now),
                ("$owner", sale.Mode == SaleModes.Online ? OwnerName(SaleOwner.Cashier) : null), ("$key", sale.SaleKey));
            return (entry, null);
        });

    /// <summary>
    /// The cashier's pending online sale becomes an offline one under the same seq, and the sync's, if
    /// <paramref name="guard"/> allows it; answers why not otherwise (<see cref="NotHeld"/> when the cashier no longer holds it).
    /// </summary>
    public Task<string?> SwitchToOfflineAsync(OutboxEntry sale, Func<SqliteConnection, SqliteTransaction, string?> guard) =>
        database.WriteAsync((connection, transaction) =>
        {
            if (!Holds(connection, transaction, sale, SaleOwner.Cashier))
            {
                return NotHeld;
            }

            if (guard(connection, transaction) is { } refusal)
            {
                return refusal;
            }

            connection.Run(transaction, "UPDATE outbox SET mode = 'offline', owner = NULL WHERE seq = $seq", ("$seq", sale.Seq));
            return null;
        });

    /// <summary>
    /// Takes back the cashier's online sale whose request never left the terminal: the cashier has held it since it
    /// was written, so nobody else sent it either. Its seq is handed out again if nothing came after it.
    /// Answers false when that is no longer possible.
    /// </summary>
    public Task<bool> WithdrawAsync(OutboxEntry sale) => database.WriteAsync((connection, transaction) =>
    {
        var last = (long)connection.Scalar(transaction, "SELECT last_seq FROM seq_counter WHERE id = 1")!;
        if (last != sale.Seq || !Holds(connection, transaction, sale, SaleOwner.Cashier)
            || connection.Run(transaction, "DELETE FROM outbox WHERE seq = $seq AND mode = 'online'", ("$seq", sale.Seq)) == 0)
        {
            return false;
        }

        connection.Run(transaction, "UPDATE seq_counter SET last_seq = last_seq - 1 WHERE id = 1");
        return true;
    });

    /// <summary>The cashier hands a sale it could not settle to the sync (which asks again under its seq).</summary>
    public Task ReleaseAsync(OutboxEntry sale) => database.WriteAsync((connection, transaction) =>
        Holds(connection, transaction, sale, SaleOwner.Cashier)
        && connection.Run(transaction, "UPDATE outbox SET owner = NULL WHERE seq = $seq", ("$seq", sale.Seq)) == 1);

    /// <summary>
    /// The sync takes up to <paramref name="limit"/> pending sales of <paramref name="mode"/>, lowest seq first: those nobody
    /// holds, its own, and those of a process that no longer runs. A sale a live cashier holds is left alone.
    /// </summary>
    public Task<List<OutboxEntry>> ClaimAsync(string mode, int limit) => database.WriteAsync<List<OutboxEntry>>((connection, transaction) =>
    {
        var mine = OwnerName(SaleOwner.Sync);
        var alive = new Dictionary<string, bool>(StringComparer.Ordinal);
        var seqs = new List<long>();
        using (var command = connection.Command(transaction, "SELECT seq, owner FROM outbox WHERE state = 'pending' AND mode = $mode ORDER BY seq", ("$mode", mode)))
        using (var reader = command.ExecuteReader())
        {
            while (seqs.Count < limit && reader.Read())
            {
                var owner = reader.NullableString(1);
                if (owner is null || owner == mine || !IsAlive(owner, alive))
                {
                    seqs.Add(reader.GetInt64(0));
                }
            }
        }

        if (seqs.Count == 0)
        {
            return [];
        }

        foreach (var seq in seqs)
        {
            connection.Run(transaction, "UPDATE outbox SET owner = $owner WHERE seq = $seq", ("$owner", mine), ("$seq", seq));
        }

        var claimed = seqs.ToHashSet();
        return [.. connection.Query(transaction, $"SELECT {Columns} FROM outbox WHERE owner = $owner AND seq BETWEEN $first AND $last ORDER BY seq", Read,
            ("$owner", mine), ("$first", seqs[0]), ("$last", seqs[^1])).Where(e => claimed.Contains(e.Seq))];
    });

    /// <summary>The sync lets go of whatever it claimed and did not settle (at the end of every pass).</summary>
    public Task ReleaseClaimsAsync() => database.WriteAsync((connection, transaction) =>
        connection.Run(transaction, "UPDATE outbox SET owner = NULL WHERE owner = $owner", ("$owner", OwnerName(SaleOwner.Sync))));

    /// <summary>
    /// Records the server's final answers (an online answer, or results of a batch) for sales <paramref name="by"/> holds, each
    /// only on the pending row with the answered seq and content; answers how many it recorded.
    /// </summary>
    public Task<int> RecordAsync(IReadOnlyList<Settlement> answers, SaleOwner by, long? ackedThrough = null) =>
        database.WriteAsync((connection, transaction) =>
        {
            var recorded = 0;
            foreach (var answer in answers)
            {
                if (!Holds(connection, transaction, answer.Sale, by))
                {
                    continue;
                }

                recorded += connection.Run(transaction,
                    "UPDATE outbox SET state = $state, reason = $reason, balance = COALESCE($balance, balance), settled_at = $now, owner = NULL WHERE seq = $seq",
                    ("$state", answer.State), ("$reason", answer.Reason), ("$balance", answer.Balance), ("$now", Now), ("$seq", answer.Sale.Seq));
            }

            AdvanceCursor(connection, transaction, ackedThrough);
            return recorded;
        });

    /// <summary>Stores the server's <c>ackedThrough</c> when it moved forward.</summary>
    public Task AdvanceCursorAsync(long ackedThrough) => database.WriteAsync((connection, transaction) =>
    {
        AdvanceCursor(connection, transaction, ackedThrough);
        return true;
    });

    /// <summary>
    /// Whether the server's cursor is worth asking for: settled sales wait above the last known <c>ackedThrough</c>, which only
    /// the cursor lets go, or retained ones would have to be sent again if the ledger epoch in the answer changed.
    /// </summary>
    public Task<bool> AwaitsCursorAsync() => database.ReadAsync(connection =>
        (long)connection.Scalar(null, $"SELECT COUNT(*) FROM outbox WHERE state <> 'pending' AND (seq > $acked OR {Resendable})",
            ("$acked", Meta.GetLong(connection, null, Meta.AckedThrough)))! > 0);

    /// <summary>
    /// Follows the server's ledger epoch. When it changed, the ledger was restored from a backup and may lack any seq decided
    /// after it. A cursor below the one the server gave before, under the same epoch, says the same of a ledger restored or cut
    /// back without a new epoch (a point-in-time restore nobody announced, or its newest events deleted). Either way the
    /// server's <paramref name="ackedThrough"/> is taken as it is, and every
    /// <see cref="Resendable"/> sale settled above it goes back to the sync as an offline sale under its seq, content and
    /// signature (a seq the ledger still holds answers <c>duplicate</c> or its first <c>rejected</c>). One transaction, so a
    /// crash leaves either nothing done or every such sale pending. Answers how many went back; 0 when the epoch did not change.
    /// </summary>
    public Task<int> FollowLedgerEpochAsync(string epoch, long ackedThrough) => database.WriteAsync((connection, transaction) =>
    {
        if ((Meta.Get(connection, transaction, Meta.LedgerEpoch) ?? Wire.WireNames.InitialLedgerEpoch) == epoch
            && ackedThrough >= Meta.GetLong(connection, transaction, Meta.AckedThrough))
        {
            AdvanceCursor(connection, transaction, ackedThrough);
            return 0;
        }

        Meta.Set(connection, transaction, Meta.LedgerEpoch, epoch);
        Meta.SetLong(connection, transaction, Meta.AckedThrough, ackedThrough);

        // The restored snapshot's versions start over below the one stored here: the next refresh reads it from the start.
        connection.Run(transaction, "DELETE FROM meta WHERE key = $key", ("$key", Meta.SnapshotVersion));
        return connection.Run(transaction,
            $"""
            UPDATE outbox SET state = 'pending', mode = 'offline', reason = NULL, owner = NULL, settled_at = NULL, acked_at = NULL
            WHERE state <> 'pending' AND seq > $acked AND {Resendable}
            """,
            ("$acked", ackedThrough));
    });

    public Task<List<OutboxEntry>> PendingAsync(string mode, int limit) => database.ReadAsync(connection =>
        connection.Query(null, $"SELECT {Columns} FROM outbox WHERE state = 'pending' AND mode = $mode ORDER BY seq LIMIT $limit", Read, ("$mode", mode), ("$limit", limit)));

    public Task<OutboxEntry?> FindAsync(long seq) => database.ReadAsync(connection => Find(connection, null, seq));

    /// <summary>The sale a client wrote under <paramref name="saleKey"/>, while the outbox keeps it.</summary>
    public Task<OutboxEntry?> FindByKeyAsync(string saleKey) => database.ReadAsync(connection =>
        connection.Query(null, $"SELECT {Columns} FROM outbox WHERE sale_key = $key", Read, ("$key", saleKey)).SingleOrDefault());

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
    /// until a complete snapshot refresh, started after it settled, carries it (the allowance counts it until then),
    /// and a <see cref="Resendable"/> one until the retention window after the cursor passed it is over.
    /// </summary>
    public Task<int> TrimAsync() => database.WriteAsync((connection, transaction) =>
    {
        var acked = Meta.GetLong(connection, transaction, Meta.AckedThrough);
        var refreshed = Meta.GetLong(connection, transaction, Meta.SnapshotRefreshedAt);
        return connection.Run(transaction,
            $"""
            DELETE FROM outbox WHERE seq <= $acked AND state <> 'pending'
              AND (state IN ('declined', 'rejected') OR settled_at + $margin <= $refreshed)
              AND (NOT {Resendable} OR acked_at + $retention <= $now)
            """,
            ("$acked", acked), ("$refreshed", refreshed), ("$margin", ReflectionMarginMs), ("$retention", (long)(retention ?? Retention.Default).TotalMilliseconds), ("$now", Now));
    });

    /// <summary>How many settled sales the outbox keeps in case the ledger is restored (the cursor passed them).</summary>
    public Task<int> RetainedAsync() => database.ReadAsync(connection =>
        (int)(long)connection.Scalar(null, $"SELECT COUNT(*) FROM outbox WHERE state <> 'pending' AND acked_at IS NOT NULL AND {Resendable}")!);

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

    private string OwnerName(SaleOwner owner) => $"{database.Session.Id}:{(owner == SaleOwner.Cashier ? "cashier" : "sync")}";

    /// <summary>Whether <paramref name="sale"/> is pending, held by <paramref name="owner"/> of this process, and its row has the sale's content.</summary>
    private bool Holds(SqliteConnection connection, SqliteTransaction transaction, OutboxEntry sale, SaleOwner owner) =>
        connection.Scalar(transaction, "SELECT owner FROM outbox WHERE seq = $seq AND state = 'pending'", ("$seq", sale.Seq)) as string == OwnerName(owner)
        && Find(connection, transaction, sale.Seq) is { } row && row.HasSameContent(sale);

    private bool IsAlive(string owner, Dictionary<string, bool> known)
    {
        var session = owner.Split(':')[0];
        if (!known.TryGetValue(session, out var alive))
        {
            known[session] = alive = database.Session.IsAlive(session);
        }

        return alive;
    }

    /// <summary>Moves the known cursor forward, and notes when it passed each settled sale (where the retention window starts).</summary>
    private void AdvanceCursor(SqliteConnection connection, SqliteTransaction transaction, long? ackedThrough)
    {
        var known = Meta.GetLong(connection, transaction, Meta.AckedThrough);
        if (ackedThrough is { } acked && acked > known)
        {
            Meta.SetLong(connection, transaction, Meta.AckedThrough, known = acked);
        }

        connection.Run(transaction, "UPDATE outbox SET acked_at = $now WHERE acked_at IS NULL AND state <> 'pending' AND seq <= $acked", ("$now", Now), ("$acked", known));
    }

    private OutboxEntry? Find(SqliteConnection connection, SqliteTransaction? transaction, long seq) =>
        connection.Query(transaction, $"SELECT {Columns} FROM outbox WHERE seq = $seq", Read, ("$seq", seq)).SingleOrDefault();

    private OutboxEntry Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), database.Secrets.Open(r.GetString(5), CredentialPurpose),
        r.GetString(6), r.GetString(7), r.GetString(8), r.GetInt64(9) == 1, r.GetString(10), r.NullableString(11), r.NullableLong(12),
        r.NullableString(13) is { } lines ? JsonSerializer.Deserialize<SaleLine[]>(lines, LinesJsonOptions) : null);

    private static readonly JsonSerializerOptions LinesJsonOptions = new(JsonSerializerDefaults.Web);

    private static string? LinesJson(IReadOnlyList<SaleLine>? lines) => lines is null ? null : JsonSerializer.Serialize(lines, LinesJsonOptions);
}

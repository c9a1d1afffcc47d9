using System.Text.Json;

namespace FestivalPos.PosApp.Store;

/// <summary>The offline view of the wallets, refreshed incrementally from the gateway; PIN verifiers sealed.</summary>
public sealed class OfflineSnapshotStore(StoreDatabase database, TimeProvider time)
{
    private const string PinPurpose = "snapshot.pin";

    public Task<long> VersionAsync() => database.ReadAsync(connection => Meta.GetLong(connection, null, Meta.SnapshotVersion));

    /// <summary>Stores one page and the version to ask from next, in one transaction.</summary>
    public Task ApplyPageAsync(IReadOnlyList<SnapshotWallet> wallets, long version, string? qrPublicKey) => database.WriteAsync((connection, transaction) =>
    {
        foreach (var wallet in wallets)
        {
            var pin = wallet.Pin is { } verifier ? database.Secrets.Seal(JsonSerializer.Serialize(verifier), PinPurpose) : null;
            connection.Run(transaction,
                """
                INSERT INTO snapshot_wallet (wallet_id, balance, status, pin, pin_locked) VALUES ($id, $balance, $status, $pin, $locked)
                ON CONFLICT (wallet_id) DO UPDATE SET balance = excluded.balance, status = excluded.status, pin = excluded.pin, pin_locked = excluded.pin_locked
                """,
                ("$id", wallet.WalletId), ("$balance", wallet.Balance), ("$status", wallet.Status), ("$pin", pin), ("$locked", wallet.PinLocked ? 1 : 0));
            connection.Run(transaction, "DELETE FROM wristband WHERE wallet_id = $id", ("$id", wallet.WalletId));
            foreach (var uid in wallet.Uids)
            {
                connection.Run(transaction, "INSERT INTO wristband (uid, wallet_id) VALUES ($uid, $id) ON CONFLICT (uid) DO UPDATE SET wallet_id = excluded.wallet_id",
                    ("$uid", uid), ("$id", wallet.WalletId));
            }
        }

        if (version > Meta.GetLong(connection, transaction, Meta.SnapshotVersion))
        {
            Meta.SetLong(connection, transaction, Meta.SnapshotVersion, version);
        }

        if (qrPublicKey is not null)
        {
            Meta.Set(connection, transaction, Meta.QrPublicKey, qrPublicKey);
        }

        return true;
    });

    /// <summary>Marks a refresh, started at <paramref name="startedAt"/>, as having read every page.</summary>
    public Task CompleteRefreshAsync(DateTimeOffset startedAt) => database.WriteAsync((connection, transaction) =>
    {
        Meta.SetLong(connection, transaction, Meta.SnapshotRefreshedAt, startedAt.ToUnixTimeMilliseconds());
        return true;
    });

    public Task<SnapshotWallet?> FindAsync(string walletId) => database.ReadAsync(connection => Find(connection, walletId));

    public Task<string?> WalletOfUidAsync(string uid) => database.ReadAsync(connection =>
        connection.Scalar(null, "SELECT wallet_id FROM wristband WHERE uid = $uid", ("$uid", uid)) as string);

    public Task<string?> QrPublicKeyAsync() => database.ReadAsync(connection => Meta.Get(connection, null, Meta.QrPublicKey));

    public Task<(int Wallets, DateTimeOffset? RefreshedAt)> SummaryAsync() => database.ReadAsync(connection =>
    {
        var count = Convert.ToInt32(connection.Scalar(null, "SELECT COUNT(*) FROM snapshot_wallet"), System.Globalization.CultureInfo.InvariantCulture);
        var at = Meta.GetLong(connection, null, Meta.SnapshotRefreshedAt);
        return (count, at > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(at) : (DateTimeOffset?)null);
    });

    internal SnapshotWallet? Find(Microsoft.Data.Sqlite.SqliteConnection connection, string walletId, Microsoft.Data.Sqlite.SqliteTransaction? transaction = null)
    {
        var uids = connection.Query(transaction, "SELECT uid FROM wristband WHERE wallet_id = $id ORDER BY uid", r => r.GetString(0), ("$id", walletId));
        return connection.Query(transaction, "SELECT wallet_id, balance, status, pin, pin_locked FROM snapshot_wallet WHERE wallet_id = $id", r => new SnapshotWallet(
            r.GetString(0), r.GetInt64(1), r.GetString(2), [.. uids],
            r.NullableString(3) is { } pin ? JsonSerializer.Deserialize<PinVerifier>(database.Secrets.Open(pin, PinPurpose)) : null,
            r.GetInt64(4) == 1), ("$id", walletId)).SingleOrDefault();
    }

    internal TimeProvider Time => time;
}

namespace FestivalPos.PosApp.Store;

/// <summary>The offline view of the wallets, refreshed incrementally from the gateway: wristbands only as uid digests, no PIN material.</summary>
public sealed class OfflineSnapshotStore(StoreDatabase database, TimeProvider time)
{
    public Task<long> VersionAsync() => database.ReadAsync(connection => Meta.GetLong(connection, null, Meta.SnapshotVersion));

    /// <summary>Stores one page, the stand's catalog it carries, and the version to ask from next, in one transaction.</summary>
    public Task ApplyPageAsync(IReadOnlyList<SnapshotWallet> wallets, long version, string? qrPublicKey, string? wristbandCredential = null, StandResponse? catalog = null) =>
        database.WriteAsync((connection, transaction) =>
    {
        foreach (var wallet in wallets)
        {
            connection.Run(transaction,
                """
                INSERT INTO snapshot_wallet (wallet_id, balance, status, pin_locked) VALUES ($id, $balance, $status, $locked)
                ON CONFLICT (wallet_id) DO UPDATE SET balance = excluded.balance, status = excluded.status, pin_locked = excluded.pin_locked
                """,
                ("$id", wallet.WalletId), ("$balance", wallet.Balance), ("$status", wallet.Status), ("$locked", wallet.PinLocked ? 1 : 0));
            connection.Run(transaction, "DELETE FROM wristband_digest WHERE wallet_id = $id", ("$id", wallet.WalletId));
            foreach (var digest in wallet.UidDigests)
            {
                connection.Run(transaction,
                    "INSERT INTO wristband_digest (digest, wallet_id) VALUES ($digest, $id) ON CONFLICT (digest) DO UPDATE SET wallet_id = excluded.wallet_id",
                    ("$digest", digest), ("$id", wallet.WalletId));
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

        if (wristbandCredential is not null)
        {
            Meta.Set(connection, transaction, Meta.WristbandCredential, wristbandCredential);
        }

        CatalogStore.Apply(connection, transaction, catalog);

        return true;
    });

    /// <summary>Marks a refresh, started at <paramref name="startedAt"/>, as having read every page.</summary>
    public Task CompleteRefreshAsync(DateTimeOffset startedAt) => database.WriteAsync((connection, transaction) =>
    {
        Meta.SetLong(connection, transaction, Meta.SnapshotRefreshedAt, startedAt.ToUnixTimeMilliseconds());
        return true;
    });

    public Task<SnapshotWallet?> FindAsync(string walletId) => database.ReadAsync(connection => Find(connection, walletId));

    public Task<string?> WalletOfUidDigestAsync(string digest) => database.ReadAsync(connection =>
        connection.Scalar(null, "SELECT wallet_id FROM wristband_digest WHERE digest = $digest", ("$digest", digest)) as string);

    public Task<string?> QrPublicKeyAsync() => database.ReadAsync(connection => Meta.Get(connection, null, Meta.QrPublicKey));

    /// <summary>Whether the festival takes SUN wristbands only, as the last snapshot said (a gateway before it said nothing: no).</summary>
    public Task<bool> SunWristbandsOnlyAsync() => database.ReadAsync(connection =>
        Meta.Get(connection, null, Meta.WristbandCredential) == Wire.WireNames.CredentialTypes.NfcSun);

    public Task<(int Wallets, DateTimeOffset? RefreshedAt)> SummaryAsync() => database.ReadAsync(connection =>
    {
        var count = Convert.ToInt32(connection.Scalar(null, "SELECT COUNT(*) FROM snapshot_wallet"), System.Globalization.CultureInfo.InvariantCulture);
        var at = Meta.GetLong(connection, null, Meta.SnapshotRefreshedAt);
        return (count, at > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(at) : (DateTimeOffset?)null);
    });

    internal SnapshotWallet? Find(Microsoft.Data.Sqlite.SqliteConnection connection, string walletId, Microsoft.Data.Sqlite.SqliteTransaction? transaction = null)
    {
        var digests = connection.Query(transaction, "SELECT digest FROM wristband_digest WHERE wallet_id = $id ORDER BY digest", r => r.GetString(0), ("$id", walletId));
        return connection.Query(transaction, "SELECT wallet_id, balance, status, pin_locked FROM snapshot_wallet WHERE wallet_id = $id", r => new SnapshotWallet(
            r.GetString(0), r.GetInt64(1), r.GetString(2), [.. digests], r.GetInt64(3) == 1), ("$id", walletId)).SingleOrDefault();
    }

    internal TimeProvider Time => time;
}

using Microsoft.Data.Sqlite;

namespace FestivalPos.PosApp.Store;

/// <summary>Key/value settings of the terminal; the names of sealed (encrypted) keys end in <c>!</c>.</summary>
internal static class Meta
{
    public const string GatewayUrl = "gateway_url";
    public const string DeviceId = "device_id";
    public const string StandId = "stand_id";
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret!";
    public const string SigningKey = "signing_key!";
    public const string SnapshotKey = "snapshot_key!";
    public const string GatewayCertificate = "gateway_cert_sha256";
    public const string MaxPerWallet = "offline_max_per_wallet";
    public const string AccessToken = "access_token!";
    public const string AccessTokenExpires = "access_token_expires";
    public const string SnapshotVersion = "snapshot_version";
    public const string SnapshotRefreshedAt = "snapshot_refreshed_at";
    public const string AckedThrough = "acked_through";
    public const string LedgerEpoch = "ledger_epoch";
    public const string QrPublicKey = "qr_public_key";
    public const string WristbandCredential = "wristband_credential";

    /// <summary>The name of the stand as the organizer defined it; absent while nobody defined it (the local catalog applies then).</summary>
    public const string StandName = "stand_name";

    /// <summary>The stand catalog's version the store holds: a snapshot page with the same version leaves the catalog as it is.</summary>
    public const string StandVersion = "stand_version";

    public static string? Get(SqliteConnection connection, SqliteTransaction? transaction, string key) =>
        connection.Scalar(transaction, "SELECT value FROM meta WHERE key = $key", ("$key", key)) as string;

    public static void Set(SqliteConnection connection, SqliteTransaction transaction, string key, string value) =>
        connection.Run(transaction, "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ("$key", key), ("$value", value));

    public static long GetLong(SqliteConnection connection, SqliteTransaction? transaction, string key) =>
        Get(connection, transaction, key) is { } text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;

    public static void SetLong(SqliteConnection connection, SqliteTransaction transaction, string key, long value) =>
        Set(connection, transaction, key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

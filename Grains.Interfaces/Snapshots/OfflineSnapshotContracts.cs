using Orleans.Concurrency;

namespace FestivalPos.Grains.Interfaces.Snapshots;

/// <summary>
/// What a terminal needs to sell to one wallet offline, as of <see cref="SnapshotVersion"/>. It stays in the
/// cluster: the gateway hands terminals uid digests, never the uids. No PIN material (PINs are online only).
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.WalletOfflineView")]
public sealed record WalletOfflineView(
    [property: Id(0)] string WalletId,
    [property: Id(1)] long Balance,
    [property: Id(2)] Wallets.WalletStatus Status,
    [property: Id(3)] string[] Uids,
    [property: Id(5)] bool PinLocked,
    [property: Id(6)] long WalletVersion,
    [property: Id(7)] long SnapshotVersion);

/// <summary>
/// Wallets changed after the version a terminal already has, oldest change first. Pass
/// <see cref="Version"/> as the next "since"; <see cref="More"/> says another page follows at once.
/// <see cref="WristbandCredential"/> is the festival's <c>Wristbands:Credential</c>, so a terminal refuses offline what the server will.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.OfflineSnapshot")]
public sealed record OfflineSnapshot(
    [property: Id(0)] WalletOfflineView[] Wallets,
    [property: Id(1)] long Version,
    [property: Id(2)] bool More,
    [property: Id(3)] string WristbandCredential = Wire.WireNames.CredentialTypes.Nfc);

/// <summary>
/// The offline projection of all wallets, fed with the wallets' durable changes (coalesced per silo)
/// and rebuilt from the ledger on activation. Keyed by <see cref="AllWallets"/>.
/// </summary>
[Alias("FestivalPos.IOfflineSnapshotGrain")]
public interface IOfflineSnapshotGrain : IGrainWithStringKey
{
    public const string AllWallets = "all";

    [Alias("GetSnapshot")]
    Task<OfflineSnapshot> GetSnapshot(long since, int limit);

    [Alias("WalletsChanged"), OneWay]
    Task WalletsChanged(WalletOfflineView[] views);
}

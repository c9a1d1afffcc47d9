using Orleans.Concurrency;

namespace FestivalPos.Grains.Interfaces.Snapshots;

/// <summary>A PIN verifier a terminal checks offline: PBKDF2-SHA256 with the given salt and iterations (base64).</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.OfflinePinVerifier")]
public sealed record OfflinePinVerifier(
    [property: Id(0)] string Salt,
    [property: Id(1)] string Hash,
    [property: Id(2)] int Iterations);

/// <summary>What a terminal needs to sell to one wallet offline, as of <see cref="SnapshotVersion"/>.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.WalletOfflineView")]
public sealed record WalletOfflineView(
    [property: Id(0)] string WalletId,
    [property: Id(1)] long Balance,
    [property: Id(2)] Wallets.WalletStatus Status,
    [property: Id(3)] string[] Uids,
    [property: Id(4)] OfflinePinVerifier? Pin,
    [property: Id(5)] bool PinLocked,
    [property: Id(6)] long WalletVersion,
    [property: Id(7)] long SnapshotVersion);

/// <summary>
/// Wallets changed after the version a terminal already has, oldest change first. Pass
/// <see cref="Version"/> as the next "since"; <see cref="More"/> says another page follows at once.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.OfflineSnapshot")]
public sealed record OfflineSnapshot(
    [property: Id(0)] WalletOfflineView[] Wallets,
    [property: Id(1)] long Version,
    [property: Id(2)] bool More);

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

namespace FestivalPos.Wire.Contracts;

/// <summary>A wallet as a terminal needs it offline (1.1): no PIN material, wristbands only as <see cref="UidDigest"/>s.</summary>
public sealed record SnapshotWallet(string WalletId, long Balance, string Status, string[] UidDigests, bool PinLocked);

/// <summary>
/// A page of the offline snapshot; <see cref="WristbandCredential"/> says which wristbands pay: <c>nfc</c> (uids and SUN
/// messages) or <c>nfc-sun</c> (SUN messages only); <see cref="Catalog"/> is the device's stand with its items, on every page.
/// </summary>
public sealed record OfflineSnapshotResponse(
    SnapshotWallet[] Wallets, string[] Blocked, long Version, bool More, string QrPublicKey, string? WristbandCredential = null, StandResponse? Catalog = null);

namespace FestivalPos.Wire.Contracts;

/// <summary>A wallet as a terminal needs it offline (1.1): no PIN material, wristbands only as <see cref="UidDigest"/>s.</summary>
public sealed record SnapshotWallet(string WalletId, long Balance, string Status, string[] UidDigests, bool PinLocked);

public sealed record OfflineSnapshotResponse(SnapshotWallet[] Wallets, string[] Blocked, long Version, bool More, string QrPublicKey);

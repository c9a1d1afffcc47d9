namespace FestivalPos.PosApp.Store;

/// <summary>A PBKDF2-SHA256 PIN verifier as the offline snapshot carries it (base64 salt and hash).</summary>
public sealed record PinVerifier(string Salt, string Hash, int Iterations, string Algorithm);

/// <summary>One wallet of the offline snapshot.</summary>
public sealed record SnapshotWallet(string WalletId, long Balance, string Status, string[] Uids, PinVerifier? Pin, bool PinLocked)
{
    public bool IsBlocked => Status == "blocked";
}

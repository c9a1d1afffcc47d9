namespace FestivalPos.PosApp.Sync;

/// <summary>What one sync pass did; <see cref="Resent"/>: settled sales sent again because the ledger was restored.</summary>
public sealed record SyncReport(int OnlineSettled, int BatchesSent, int OfflineSettled, int SnapshotWallets, int Trimmed, bool Complete, string? Error, int Resent = 0)
{
    public override string ToString() =>
        $"sync {(Complete ? "complete" : "incomplete")}: online settled={OnlineSettled} batches={BatchesSent} offline settled={OfflineSettled} snapshot wallets={SnapshotWallets} trimmed={Trimmed}"
        + (Resent == 0 ? string.Empty : $" resent={Resent}")
        + (Error is null ? string.Empty : $" error={Error}");
}

namespace FestivalPos.PosApp.Sync;

/// <summary>What one sync pass did.</summary>
public sealed record SyncReport(int OnlineSettled, int BatchesSent, int OfflineSettled, int SnapshotWallets, int Trimmed, bool Complete, string? Error)
{
    public override string ToString() =>
        $"sync {(Complete ? "complete" : "incomplete")}: online settled={OnlineSettled} batches={BatchesSent} offline settled={OfflineSettled} snapshot wallets={SnapshotWallets} trimmed={Trimmed}"
        + (Error is null ? string.Empty : $" error={Error}");
}

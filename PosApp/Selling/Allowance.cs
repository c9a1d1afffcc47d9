namespace FestivalPos.PosApp.Selling;

/// <summary>
/// How much a wallet may still spend offline at this terminal: its snapshot balance, capped by
/// <c>Offline:MaxPerWallet</c>, minus what this terminal sold to it that the snapshot does not show yet.
/// </summary>
public static class Allowance
{
    public static long Remaining(long snapshotBalance, long unreflectedSpend, long maxPerWallet) =>
        Math.Max(0, Math.Min(snapshotBalance, maxPerWallet) - unreflectedSpend);
}

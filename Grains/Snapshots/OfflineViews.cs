using FestivalPos.Grains.Interfaces.Snapshots;
using FestivalPos.Grains.Wallets;

namespace FestivalPos.Grains.Snapshots;

/// <summary>Builds and compares what a terminal needs to sell to a wallet offline.</summary>
public static class OfflineViews
{
    /// <summary>The wallet's offline view at <paramref name="walletVersion"/>, not yet stamped with a snapshot version.</summary>
    public static WalletOfflineView From(WalletState state, string walletId, long walletVersion)
    {
        var uids = state.Wristbands.ToArray();
        Array.Sort(uids, StringComparer.Ordinal);
        return new WalletOfflineView(walletId, state.Balance, state.Status, uids, state.PinLocked, walletVersion, SnapshotVersion: 0);
    }

    /// <summary>Whether a terminal holding <paramref name="a"/> would sell exactly as with <paramref name="b"/>.</summary>
    public static bool SameContent(WalletOfflineView a, WalletOfflineView b) =>
        a.Balance == b.Balance
        && a.Status == b.Status
        && a.PinLocked == b.PinLocked
        && a.Uids.AsSpan().SequenceEqual(b.Uids);
}

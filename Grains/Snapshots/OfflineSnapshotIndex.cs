using System.Collections.Immutable;
using FestivalPos.Grains.Interfaces.Snapshots;

namespace FestivalPos.Grains.Snapshots;

/// <summary>
/// The newest offline view of every wallet, stamped with a snapshot version and ordered by it.
/// Versions only grow: each stamp is max(last + 1, now in UTC ticks), so a projection rebuilt after
/// a restart issues versions above every one issued before (clocks permitting). Each change and
/// each page lookup costs O(log n): a dictionary by wallet and a balanced tree indexed by position.
/// </summary>
public sealed class OfflineSnapshotIndex(TimeProvider time)
{
    public const int MaxSnapshotPageSize = 5000;

    private static readonly IComparer<WalletOfflineView> BySnapshotVersion =
        Comparer<WalletOfflineView>.Create((a, b) => a.SnapshotVersion.CompareTo(b.SnapshotVersion));

    private readonly Dictionary<string, WalletOfflineView> _byWallet = new(StringComparer.Ordinal);
    private readonly ImmutableList<WalletOfflineView>.Builder _byVersion = ImmutableList.CreateBuilder<WalletOfflineView>();
    private long _lastVersion = time.GetUtcNow().UtcTicks;

    public int Count => _byWallet.Count;

    /// <summary>
    /// Keeps <paramref name="view"/> if it is newer than the wallet's current view (by wallet version).
    /// A newer view with the same content only records the newer wallet version, so terminals are
    /// not sent what they already have. Answers whether the view got a new snapshot version.
    /// </summary>
    public bool Apply(WalletOfflineView view)
    {
        if (_byWallet.TryGetValue(view.WalletId, out var current))
        {
            if (view.WalletVersion <= current.WalletVersion)
            {
                return false;
            }

            var position = PositionOf(current.SnapshotVersion);
            if (OfflineViews.SameContent(current, view))
            {
                var kept = view with { SnapshotVersion = current.SnapshotVersion };
                _byVersion[position] = kept;
                _byWallet[view.WalletId] = kept;
                return false;
            }

            _byVersion.RemoveAt(position);
        }

        _lastVersion = Math.Max(_lastVersion + 1, time.GetUtcNow().UtcTicks);
        var stamped = view with { SnapshotVersion = _lastVersion };
        _byVersion.Add(stamped);
        _byWallet[view.WalletId] = stamped;
        return true;
    }

    /// <summary>Views stamped after <paramref name="since"/>, oldest first, at most <paramref name="limit"/> (clamped).</summary>
    public OfflineSnapshot Page(long since, int limit)
    {
        // A version above every one issued here comes from an activation whose clock ran ahead: start over.
        if (since > _lastVersion)
        {
            since = 0;
        }

        var start = FirstAfter(since);
        var count = Math.Min(Math.Clamp(limit, 1, MaxSnapshotPageSize), _byVersion.Count - start);
        var views = new WalletOfflineView[count];
        for (var i = 0; i < count; i++)
        {
            views[i] = _byVersion[start + i];
        }

        var version = count > 0 ? views[^1].SnapshotVersion : since;
        return new OfflineSnapshot(views, version, start + count < _byVersion.Count);
    }

    private int PositionOf(long snapshotVersion)
    {
        var position = _byVersion.BinarySearch(Probe(snapshotVersion), BySnapshotVersion);
        return position >= 0 ? position : throw new InvalidOperationException($"Snapshot version {snapshotVersion} is not indexed.");
    }

    private int FirstAfter(long snapshotVersion)
    {
        var position = _byVersion.BinarySearch(Probe(snapshotVersion), BySnapshotVersion);
        return position >= 0 ? position + 1 : ~position;
    }

    private static WalletOfflineView Probe(long snapshotVersion) =>
        new(string.Empty, 0, default, [], false, 0, snapshotVersion);
}

using FestivalPos.Grains.Interfaces.Snapshots;

namespace FestivalPos.Tests.Snapshots;

/// <summary>Reads the offline snapshot as a terminal does, page by page, and waits for one-way notifications to land.</summary>
public static class SnapshotReader
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static IOfflineSnapshotGrain Snapshot(this IGrainFactory grains) =>
        grains.GetGrain<IOfflineSnapshotGrain>(IOfflineSnapshotGrain.AllWallets);

    /// <summary>Every view changed after <paramref name="since"/>, oldest first, and the version to ask from next.</summary>
    public static async Task<(List<WalletOfflineView> Views, long Version)> ReadAllAsync(this IGrainFactory grains, long since = 0, int limit = 5000)
    {
        var views = new List<WalletOfflineView>();
        for (var version = since; ;)
        {
            var page = await grains.Snapshot().GetSnapshot(version, limit);
            views.AddRange(page.Wallets);
            version = page.Version;
            if (!page.More)
            {
                return (views, version);
            }
        }
    }

    /// <summary>The version a terminal that read everything now holds.</summary>
    public static async Task<long> HeadAsync(this IGrainFactory grains) => (await grains.ReadAllAsync()).Version;

    /// <summary>Waits until the wallet's view, read from <paramref name="since"/>, satisfies <paramref name="condition"/>.</summary>
    public static async Task<WalletOfflineView> WaitForAsync(this IGrainFactory grains, string walletId, Func<WalletOfflineView, bool> condition, long since = 0)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var (views, _) = await grains.ReadAllAsync(since);
            var view = views.SingleOrDefault(v => v.WalletId == walletId);
            if (view is not null && condition(view))
            {
                return view;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The snapshot never showed wallet {walletId} as expected; last seen: {view}.");
            }

            await Task.Delay(20);
        }
    }
}

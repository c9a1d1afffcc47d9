using FestivalPos.Grains.Interfaces.Snapshots;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FestivalPos.Grains.Snapshots;

/// <summary>
/// Collects the offline views of wallets that changed on this silo, keeping the newest per wallet,
/// and sends them to the snapshot grain in one one-way message per interval instead of one per charge.
/// </summary>
public sealed class OfflineSnapshotPublisher(IGrainFactory grains, TimeProvider time, ILogger<OfflineSnapshotPublisher> logger)
    : BackgroundService
{
    public static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private Dictionary<string, WalletOfflineView> _pending = new(StringComparer.Ordinal);

    public void Publish(WalletOfflineView view)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(view.WalletId, out var current) || current.WalletVersion < view.WalletVersion)
            {
                _pending[view.WalletId] = view;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PublishInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await PublishPendingAsync();
        }
    }

    private async Task PublishPendingAsync()
    {
        WalletOfflineView[] views;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            views = [.. _pending.Values];
            _pending = new Dictionary<string, WalletOfflineView>(StringComparer.Ordinal);
        }

        try
        {
            await grains.Reference<IOfflineSnapshotGrain>(IOfflineSnapshotGrain.AllWallets).WalletsChanged(views);
        }
        catch (Exception exception)
        {
            // The projection catches up at its next rebuild; the views are offered again meanwhile.
            logger.LogWarning(exception, "Could not publish {Count} wallet views to the offline snapshot.", views.Length);
            foreach (var view in views)
            {
                Publish(view);
            }
        }
    }
}

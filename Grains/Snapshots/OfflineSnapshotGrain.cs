using FestivalPos.Grains.Interfaces.Snapshots;
using FestivalPos.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FestivalPos.Grains.Snapshots;

/// <summary>
/// The in-memory offline projection of all wallets: rebuilt from the ledger on activation, then
/// kept current by the wallets' changes, sent one-way in batches by each silo's publisher. Nothing is persisted; snapshot
/// versions come from the clock, so a rebuilt projection still only moves forward.
/// </summary>
[CollectionAgeLimit(Hours = 24)]
public sealed class OfflineSnapshotGrain(
    IEventStore store, Keys.KeyRing keys, TimeProvider time, IOptions<Wallets.WristbandOptions> wristbands, ILogger<OfflineSnapshotGrain> logger)
    : Grain, IOfflineSnapshotGrain
{
    private OfflineSnapshotIndex _index = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var views = await OfflineSnapshotRebuild.ReadAllAsync(store, keys.Chain, logger, cancellationToken);
        _index = new OfflineSnapshotIndex(time);
        foreach (var view in views)
        {
            _index.Apply(view);
        }

        logger.LogInformation("Offline snapshot rebuilt with {Wallets} wallets.", _index.Count);
    }

    public Task<OfflineSnapshot> GetSnapshot(long since, int limit) =>
        Task.FromResult(_index.Page(since, limit) with { WristbandCredential = wristbands.Value.Credential });

    public Task WalletsChanged(WalletOfflineView[] views)
    {
        foreach (var view in views)
        {
            _index.Apply(view);
        }

        return Task.CompletedTask;
    }
}

using FestivalPos.Grains.Interfaces.Snapshots;

namespace FestivalPos.Gateway.Api.Snapshots;

/// <summary>Where offline snapshots come from: the cluster's projection grain (a seam for tests of the HTTP mapping).</summary>
public interface IOfflineSnapshotSource
{
    Task<OfflineSnapshot> GetAsync(long since, int limit);
}

public sealed class GrainOfflineSnapshotSource(IGrainFactory grains) : IOfflineSnapshotSource
{
    public Task<OfflineSnapshot> GetAsync(long since, int limit) =>
        grains.GetGrain<IOfflineSnapshotGrain>(IOfflineSnapshotGrain.AllWallets).GetSnapshot(since, limit);
}

using System.Security.Cryptography;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Snapshots;
using FestivalPos.Grains.Keys;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Snapshots;

/// <summary>The festival's snapshot key: the first call creates it, every later call (from any silo) reads the same one.</summary>
public sealed class SnapshotKeyGrain(IEventStore store, TimeProvider time, KeyRing keys) : Grain, ISnapshotKeyGrain
{
    private EventStream<FirstValueState<string>, ValueSet<string>> _key = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = FirstValueStream.Open<string>(store, keys.Chain, $"snapshot/key/{this.GetPrimaryKeyString()}");
        return _key.RefreshAsync();
    }

    public async Task<string> GetOrCreate() =>
        Convert.ToBase64String(await _key.GetOrCreateKeyAsync(keys, "snapshot/key", () => RandomNumberGenerator.GetBytes(Wire.UidDigest.SnapshotKeyBytes), time.GetUtcNow()));
}

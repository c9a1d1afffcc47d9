namespace FestivalPos.Grains.Interfaces.Snapshots;

/// <summary>
/// The festival's offline snapshot key (32 bytes, API.md <c>snapshotKey</c>): terminals get it at enrollment and
/// find a tapped wristband by its uid digest. Created at first use and kept in the ledger. Keyed by <see cref="Current"/>.
/// </summary>
[Alias("FestivalPos.ISnapshotKeyGrain")]
public interface ISnapshotKeyGrain : IGrainWithStringKey
{
    public const string Current = "current";

    /// <summary>Base64 of the key bytes, created on the first call.</summary>
    [Alias("GetOrCreate")]
    Task<string> GetOrCreate();
}

using System.Text.Json.Serialization;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Restores;

/// <summary>The ledger was put back to an earlier point (<see cref="Source"/> says how); from now on its history is <see cref="Epoch"/>.</summary>
public sealed record LedgerRestored(
    [property: JsonPropertyName("epoch")] string Epoch,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("recordedAt")] DateTimeOffset RecordedAt);

/// <summary>The ledger's current epoch: <see cref="LedgerEpoch.Initial"/> until the first restore, then the last restore's.</summary>
public sealed class LedgerEpochState : IStreamState<LedgerRestored>
{
    public string Epoch { get; private set; } = LedgerEpoch.Initial;

    public void Apply(LedgerRestored @event, long version, string hash) => Epoch = @event.Epoch;
}

/// <summary>
/// Names the ledger's history, so that a terminal learns that the ledger went back to a backup and forgot sales it
/// was told were decided. A restore records a new random epoch after the backup's events, so no epoch is ever seen
/// twice, even when the same backup is restored again; silos read it as they start (a restore needs them stopped).
/// </summary>
public static class LedgerEpoch
{
    public const string Initial = Wire.WireNames.InitialLedgerEpoch;
    public const string StreamId = "ledger/restores";

    public static async Task<string> ReadAsync(IEventStore store, HashChain chain)
    {
        var stream = Open(store, chain);
        await stream.RefreshAsync();
        return stream.State.Epoch;
    }

    /// <summary>Records that the ledger was restored from <paramref name="source"/>; answers the new epoch.</summary>
    public static Task<string> RecordRestoreAsync(IEventStore store, HashChain chain, string source, DateTimeOffset now)
    {
        var epoch = Guid.NewGuid().ToString("N");
        return Open(store, chain).DecideAsync(_ => new Decision<LedgerRestored, string>([new LedgerRestored(epoch, source, now)], epoch));
    }

    private static EventStream<LedgerEpochState, LedgerRestored> Open(IEventStore store, HashChain chain) =>
        new(store, chain, StreamId, new LedgerEpochState());
}

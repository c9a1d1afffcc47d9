using FestivalPos.Grains.EventSourcing;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Restores;

/// <summary><c>restore-ledger</c> put a backup in place; from now on the ledger's history is <see cref="Epoch"/>.</summary>
public sealed record LedgerRestored(string Epoch, string Backup, DateTimeOffset RecordedAt);

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

    /// <summary>Records that <paramref name="backup"/> was restored; answers the new epoch.</summary>
    public static Task<string> RecordRestoreAsync(IEventStore store, HashChain chain, string backup, DateTimeOffset now)
    {
        var epoch = Guid.NewGuid().ToString("N");
        return Open(store, chain).DecideAsync(_ => new Decision<LedgerRestored, string>([new LedgerRestored(epoch, backup, now)], epoch));
    }

    private static EventStream<LedgerEpochState, LedgerRestored> Open(IEventStore store, HashChain chain) =>
        new(store, chain, StreamId, new LedgerEpochState());
}

using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Storage.Feed;

namespace FestivalPos.Grains.Feed;

/// <summary>
/// Publishes the ledger feed from a durable checkpoint: read a page after the checkpoint, publish it, then save the
/// checkpoint. A failure anywhere leaves the checkpoint where it was, so the page is published again: at least once,
/// never skipped. Consumers apply each position once, which makes the counting exactly once.
/// </summary>
public sealed class FeedPump(ILedgerFeed feed, Func<LedgerFeedBatch, Task> publish, int pageSize)
{
    /// <summary>The consumer name the pump keeps its checkpoint under.</summary>
    public const string CheckpointName = "pump";

    private bool _checkpointRead;

    /// <summary>The position through which the feed is published and the checkpoint saved.</summary>
    public long Checkpoint { get; private set; }

    /// <summary>Publishes the page after the checkpoint, if there is one; answers how many entries it held.</summary>
    public async Task<int> PumpPageAsync(CancellationToken cancellationToken)
    {
        if (!_checkpointRead)
        {
            Checkpoint = await feed.ReadCheckpointAsync(CheckpointName, cancellationToken);
            _checkpointRead = true;
        }

        var entries = await feed.ReadFeedAsync(Checkpoint, pageSize, cancellationToken);
        if (entries.Count == 0)
        {
            return 0;
        }

        var batch = LedgerFactDecoder.ToBatch(Checkpoint, entries);
        await publish(batch);
        await feed.SaveCheckpointAsync(CheckpointName, batch.Through, cancellationToken);
        Checkpoint = batch.Through;
        return entries.Count;
    }
}

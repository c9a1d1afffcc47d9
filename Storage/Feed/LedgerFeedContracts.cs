namespace FestivalPos.Storage.Feed;

/// <summary>A stored event at its place in the ledger feed: one global position per event, in commit order.</summary>
public sealed record FeedEntry(long Position, string StreamId, long Version, string Payload);

/// <summary>
/// Every durable append in commit order: positions start at 1, have no holes, and are given when the append commits,
/// so a reader that has seen position n will never later find a committed entry below n. Events of one stream take
/// positions in version order. Beside the feed, consumers keep their checkpoints here.
/// </summary>
public interface ILedgerFeed
{
    /// <summary>Most entries one read answers.</summary>
    public const int MaxReadCount = 5000;

    /// <summary>The entries with a position above <paramref name="afterPosition"/>, at most <paramref name="maxCount"/>, in position order.</summary>
    Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(long afterPosition, int maxCount, CancellationToken cancellationToken);

    /// <summary>The highest position committed so far, 0 for an empty ledger.</summary>
    Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken);

    /// <summary>The position through which <paramref name="consumer"/> has handled the feed, 0 if it never saved one.</summary>
    Task<long> ReadCheckpointAsync(string consumer, CancellationToken cancellationToken);

    /// <summary>Moves the consumer's checkpoint up to <paramref name="position"/>; a lower position than the stored one changes nothing.</summary>
    Task SaveCheckpointAsync(string consumer, long position, CancellationToken cancellationToken);
}

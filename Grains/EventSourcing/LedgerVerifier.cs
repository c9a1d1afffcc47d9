using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;
using FestivalPos.Storage.Feed;

namespace FestivalPos.Grains.EventSourcing;

/// <summary>One stream the verifier found broken: where, and why.</summary>
public sealed record BrokenStream(string StreamId, long Version, string Problem);

/// <summary>What <see cref="LedgerVerifier"/> checked and found.</summary>
public sealed record LedgerVerification(long Streams, long Events, IReadOnlyList<BrokenStream> Broken)
{
    public bool IsValid => Broken.Count == 0;
}

/// <summary>
/// Audits the whole ledger from storage alone, with the master key's chain: every link of every stream, and every
/// wallet's recorded balances. Whoever edits, moves or rehashes stored events without the key is found here. The ledger
/// feed, read first, numbers every stored event once without holes: a hole, or a stream that ends below a version the
/// feed holds (or is gone), is events deleted, which the keyed links alone cannot see (a shortened stream is still a
/// valid chain). What no check of the database alone can find is the newest events of the whole ledger cut off
/// together, as a restore of an older backup would.
/// </summary>
public static class LedgerVerifier
{
    /// <summary>The name a problem of the feed itself (a hole) is reported under.</summary>
    public const string FeedCheckStream = "ledger-feed";

    public static async Task<LedgerVerification> VerifyAsync(IEventStore store, ILedgerFeed feed, HashChain chain, CancellationToken cancellationToken)
    {
        var (fed, broken) = await ReadFeedAsync(feed, cancellationToken);
        long streams = 0, events = 0;
        await foreach (var streamId in store.ListStreamsAsync("", cancellationToken))
        {
            streams++;
            var (checkedEvents, problem) = streamId.StartsWith(WalletGrain.StreamPrefix, StringComparison.Ordinal)
                ? await VerifyWalletAsync(store, chain, streamId)
                : await VerifyLinksAsync(store, chain, streamId, cancellationToken);
            events += checkedEvents;
            if (fed.Remove(streamId, out var fedVersion) && problem is null && checkedEvents < fedVersion)
            {
                problem = new BrokenStream(streamId, checkedEvents + 1, $"the stream ends at version {checkedEvents} but the ledger feed holds version {fedVersion}: events were deleted");
            }

            if (problem is not null)
            {
                broken.Add(problem);
            }
        }

        broken.AddRange(fed.Select(gone => new BrokenStream(gone.Key, 1, $"the ledger feed holds {gone.Value} events of this stream but the ledger none: it was deleted")));
        return new LedgerVerification(streams, events, broken);
    }

    /// <summary>
    /// The highest version the feed holds of each stream, and a problem for each hole in its positions. Read before the
    /// streams, so that events appended while the audit runs make a stream longer than the feed knows, never shorter.
    /// </summary>
    private static async Task<(Dictionary<string, long> Fed, List<BrokenStream> Holes)> ReadFeedAsync(ILedgerFeed feed, CancellationToken cancellationToken)
    {
        var fed = new Dictionary<string, long>(StringComparer.Ordinal);
        var holes = new List<BrokenStream>();
        long position = 0;
        while (await feed.ReadFeedAsync(position, ILedgerFeed.MaxReadCount, cancellationToken) is { Count: > 0 } page)
        {
            foreach (var entry in page)
            {
                if (entry.Position != position + 1)
                {
                    holes.Add(new BrokenStream(FeedCheckStream, position + 1, $"positions {position + 1} to {entry.Position - 1} are missing: events were deleted"));
                }

                fed[entry.StreamId] = Math.Max(fed.GetValueOrDefault(entry.StreamId), entry.Version);
                position = entry.Position;
            }
        }

        return (fed, holes);
    }

    private static async Task<(long, BrokenStream?)> VerifyWalletAsync(IEventStore store, HashChain chain, string streamId)
    {
        var verification = await WalletChainVerifier.VerifyAsync(store, chain, streamId[WalletGrain.StreamPrefix.Length..]);
        return (verification.EventsChecked, verification.IsValid ? null : new BrokenStream(streamId, verification.FirstInvalidVersion ?? 0, verification.Problem!));
    }

    private static async Task<(long, BrokenStream?)> VerifyLinksAsync(IEventStore store, HashChain chain, string streamId, CancellationToken cancellationToken)
    {
        var hash = chain.Genesis(streamId);
        var recorded = await store.ReadAsync(streamId, 0, cancellationToken);
        foreach (var @event in recorded)
        {
            if (chain.Next(hash, @event.Version, @event.Payload) != @event.Hash)
            {
                return (@event.Version - 1, new BrokenStream(streamId, @event.Version, "hash does not match the event and the hash before it"));
            }

            hash = @event.Hash;
        }

        return (recorded.Count, null);
    }
}

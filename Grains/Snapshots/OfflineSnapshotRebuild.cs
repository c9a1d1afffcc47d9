using System.Collections.Concurrent;
using System.Text.Json;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Snapshots;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;
using Microsoft.Extensions.Logging;

namespace FestivalPos.Grains.Snapshots;

/// <summary>Reads every wallet stream from the ledger and folds it into its offline view.</summary>
public static class OfflineSnapshotRebuild
{
    /// <summary>Wallet streams read and folded at once.</summary>
    public const int ParallelReads = 16;

    public static async Task<IReadOnlyCollection<WalletOfflineView>> ReadAllAsync(IEventStore store, HashChain chain, ILogger logger, CancellationToken cancellationToken)
    {
        var views = new ConcurrentBag<WalletOfflineView>();
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = ParallelReads,
            CancellationToken = cancellationToken,
            // Off the grain's single thread: hashing and folding thousands of streams is CPU work.
            TaskScheduler = TaskScheduler.Default,
        };
        await Parallel.ForEachAsync(store.ListStreamsAsync(WalletGrain.StreamPrefix, cancellationToken), options, async (streamId, _) =>
        {
            if (await ReadAsync(store, chain, streamId, logger) is { } view)
            {
                views.Add(view);
            }
        });
        return views;
    }

    private static async Task<WalletOfflineView?> ReadAsync(IEventStore store, HashChain chain, string streamId, ILogger logger)
    {
        var stream = new EventStream<WalletState, WalletEvent>(store, chain, streamId, new WalletState());
        try
        {
            await stream.RefreshAsync();
        }
        catch (Exception exception) when (exception is LedgerCorruptionException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            // The wallet grain cannot load this stream either, so nothing can be sold to it: leave it out.
            logger.LogError(exception, "Wallet stream {StreamId} left out of the offline snapshot: it does not fold.", streamId);
            return null;
        }

        var walletId = streamId[WalletGrain.StreamPrefix.Length..];
        return stream.State.Exists ? OfflineViews.From(stream.State, walletId, stream.Version) : null;
    }
}

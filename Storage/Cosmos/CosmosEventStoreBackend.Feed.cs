using FestivalPos.Storage.Feed;
using Microsoft.Azure.Cosmos;

namespace FestivalPos.Storage.Cosmos;

/// <summary>
/// The ledger feed: settled batches (<see cref="FeedBatches"/>) give positions to the appends that committed,
/// read back from their append documents; consumers' checkpoints live beside the batches.
/// </summary>
public sealed partial class CosmosEventStoreBackend : ILedgerFeed
{
    /// <summary>Tries of a checkpoint save that another save of the same consumer overtook.</summary>
    private const int MaxCheckpointWriteAttempts = 16;

    private readonly FeedBatches _feed;

    public async Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCount, ILedgerFeed.MaxReadCount);
        await InitializeAsync(cancellationToken);
        await _feed.SettleAsync(cancellationToken);
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.PartitionKey = @feed AND c.kind = @kind AND c.lastPosition > @after AND c.firstPosition <= @until")
            .WithParameter("@feed", CosmosIds.FeedPartition)
            .WithParameter("@kind", DocumentKind.FeedBatch)
            .WithParameter("@after", afterPosition)
            .WithParameter("@until", afterPosition + maxCount);
        var batches = new List<FeedBatchDocument>();
        await foreach (var found in _container.QueryAsync<FeedBatchDocument>(query, CosmosIds.FeedPartition, cancellationToken))
        {
            batches.Add(found.Document);
        }

        var entries = new List<FeedEntry>();
        foreach (var batch in batches.OrderBy(b => b.Number))
        {
            entries.AddRange(await ExpandAsync(batch, cancellationToken));
        }

        return entries.Where(entry => entry.Position > afterPosition).Take(maxCount).ToList();
    }

    public async Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        return await _feed.SettleAsync(cancellationToken);
    }

    public async Task<long> ReadCheckpointAsync(string consumer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        await InitializeAsync(cancellationToken);
        var stored = await _container.FindAsync<CheckpointDocument>(CosmosIds.Checkpoint(consumer), CosmosIds.FeedPartition, cancellationToken);
        return stored?.Document.Position ?? 0;
    }

    public async Task SaveCheckpointAsync(string consumer, long position, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        await InitializeAsync(cancellationToken);
        var checkpoint = CheckpointDocument.For(consumer, position);
        for (var attempt = 0; attempt < MaxCheckpointWriteAttempts; attempt++)
        {
            var stored = await _container.FindAsync<CheckpointDocument>(checkpoint.Id, CosmosIds.FeedPartition, cancellationToken);
            if (stored is null)
            {
                if (await _container.TryCreateAsync(checkpoint, CosmosIds.FeedPartition, cancellationToken))
                {
                    return;
                }
            }
            else if (stored.Document.Position >= position ||
                     await _container.TryReplaceAsync(checkpoint, checkpoint.Id, CosmosIds.FeedPartition, stored.ETag, cancellationToken) == ReplaceOutcome.Replaced)
            {
                return;
            }
        }

        throw new InvalidOperationException($"The checkpoint of '{consumer}' kept changing while it was being saved.");
    }

    /// <summary>The events of the batch's committed appends at their positions, read from the append documents.</summary>
    private async Task<IEnumerable<FeedEntry>> ExpandAsync(FeedBatchDocument batch, CancellationToken cancellationToken)
    {
        var appends = new StreamDocument[batch.Attempts.Count];
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentAppends, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, appends.Length, parallelism, async (i, token) => appends[i] = await ReadCommittedAsync(batch.Attempts[i], token));

        var entries = new List<FeedEntry>();
        var position = batch.FirstPosition!.Value;
        foreach (var append in appends)
        {
            for (var i = 0; i < append.Events!.Count; i++)
            {
                entries.Add(new FeedEntry(position++, append.Stream, append.First + i, append.Events[i].Payload));
            }
        }

        return entries;
    }

    private async Task<StreamDocument> ReadCommittedAsync(FeedAttempt attempt, CancellationToken cancellationToken)
    {
        var owner = attempt.Owner;
        var found = await _container.FindAsync<StreamDocument>(CosmosIds.Append(owner.Stream, owner.First), owner.Stream, cancellationToken);
        return found?.Document is { IsAppend: true } append && append.Attempt == owner.Attempt && append.Events!.Count == attempt.Count
            ? append
            : throw new InvalidDataException($"The feed names a committed append at version {owner.First} of stream '{owner.Stream}' that is not there.");
    }
}

namespace FestivalPos.Storage.Cosmos;

/// <summary>
/// The ledger feed as numbered batches of append attempts. A batch is announced (created at the first free
/// number: the create that finds it free decides the race) before its attempts try to commit, so no commit
/// escapes the feed. Batches are settled in number order: each attempt is looked up at its append id, and one
/// that may still commit is fenced off once the batch is older than the grace, so a settled batch never gains
/// an append later and its committed attempts take the positions after the batch before it.
/// </summary>
internal sealed class FeedBatches(
    LedgerContainer container, OwnerFencing fencing, TimeSpan grace, TimeProvider timeProvider, int maxConcurrentReads)
{
    /// <summary>Tries against a batch that keeps changing (or numbers that keep being taken) before giving up.</summary>
    private const int MaxRounds = 64;

    /// <summary>Batches settled by one call at most; a reader settles the rest on its next read.</summary>
    private const int MaxSettledPerCall = 1000;

    /// <summary>The highest batch known to be settled and the last position it takes (batch 0: the empty feed).</summary>
    private Settled _settled = new(0, 0);

    /// <summary>One announcement at a time from this process, so that only other silos race it for a number.</summary>
    private readonly SemaphoreSlim _announcing = new(1, 1);

    /// <summary>The highest number this process announced or found taken; changed under <see cref="_announcing"/>.</summary>
    private long _announced;

    /// <summary>Announces the attempts as the next batch; answers its number.</summary>
    public async Task<long> AnnounceAsync(IReadOnlyList<FeedAttempt> attempts, CancellationToken cancellationToken)
    {
        await _announcing.WaitAsync(cancellationToken);
        try
        {
            return await AnnounceOneAsync(attempts, cancellationToken);
        }
        finally
        {
            _announcing.Release();
        }
    }

    private async Task<long> AnnounceOneAsync(IReadOnlyList<FeedAttempt> attempts, CancellationToken cancellationToken)
    {
        var announcedAtMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var number = _announced + 1;
        for (var round = 0; round < MaxRounds; round++)
        {
            if (await container.TryCreateAsync(FeedBatchDocument.Announce(number, announcedAtMs, attempts), CosmosIds.FeedPartition, cancellationToken)
                || await IsOursAsync(number, attempts[0], cancellationToken))
            {
                _announced = number;
                return number;
            }

            number = await LastExistingAsync(number, IsAnnouncedAsync, cancellationToken) + 1;
        }

        throw new InvalidOperationException("Could not announce a feed batch: the next numbers kept being taken.");
    }

    /// <summary>Settles the batches after the last settled one, in order, while their attempts are decided; answers the last position settled.</summary>
    public async Task<long> SettleAsync(CancellationToken cancellationToken)
    {
        var settled = await LastSettledAsync(cancellationToken);
        for (var count = 0; count < MaxSettledPerCall; count++)
        {
            var next = await SettleNextAsync(settled, cancellationToken);
            if (next is null)
            {
                break;
            }

            settled = next;
            Remember(settled);
        }

        return settled.LastPosition;
    }

    /// <summary>The settled batch after <paramref name="settled"/>, settling it if it can be; null while it is missing or may still change.</summary>
    private async Task<Settled?> SettleNextAsync(Settled settled, CancellationToken cancellationToken)
    {
        var id = CosmosIds.FeedBatch(settled.Number + 1);
        for (var round = 0; round < MaxRounds; round++)
        {
            var stored = await container.FindAsync<FeedBatchDocument>(id, CosmosIds.FeedPartition, cancellationToken);
            if (stored is null)
            {
                return null;
            }

            if (stored.Document.IsSettled)
            {
                return new Settled(stored.Document.Number, stored.Document.LastPosition!.Value);
            }

            var committed = await DecideAsync(stored.Document, cancellationToken);
            if (committed is null)
            {
                return null;
            }

            var result = stored.Document.Settle(settled.LastPosition + 1, committed);
            if (await container.TryReplaceAsync(result, id, CosmosIds.FeedPartition, stored.ETag, cancellationToken) == ReplaceOutcome.Replaced)
            {
                return new Settled(result.Number, result.LastPosition!.Value);
            }
        }

        throw new InvalidOperationException($"Feed batch {settled.Number + 1} kept changing while it was being settled.");
    }

    /// <summary>The attempts of the batch that committed, in its order; null while one may still commit and the batch is within its grace.</summary>
    private async Task<IReadOnlyList<FeedAttempt>?> DecideAsync(FeedBatchDocument batch, CancellationToken cancellationToken)
    {
        var overdue = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - batch.AnnouncedAtMs >= grace.TotalMilliseconds;
        var statuses = new OwnerStatus[batch.Attempts.Count];
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = maxConcurrentReads, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, statuses.Length, parallelism, async (i, token) =>
        {
            var status = await fencing.StatusOfAsync(batch.Attempts[i].Owner, token);
            statuses[i] = status == OwnerStatus.Pending && overdue ? await fencing.FenceAsync(batch.Attempts[i].Owner, token) : status;
        });

        if (statuses.Contains(OwnerStatus.Pending))
        {
            return null;
        }

        return batch.Attempts.Where((_, i) => statuses[i] == OwnerStatus.Committed).ToList();
    }

    /// <summary>Settled batches form a prefix of the numbers: found from the last one known with a few point reads.</summary>
    private async Task<Settled> LastSettledAsync(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _settled);
        var number = await LastExistingAsync(known.Number, IsSettledAsync, cancellationToken);
        if (number == known.Number)
        {
            return known;
        }

        var stored = await container.FindAsync<FeedBatchDocument>(CosmosIds.FeedBatch(number), CosmosIds.FeedPartition, cancellationToken);
        var found = new Settled(number, stored!.Document.LastPosition!.Value);
        Remember(found);
        return found;
    }

    /// <summary>Whether the batch is this announcement, when the SDK sent the create again after an answer it did not get.</summary>
    private async Task<bool> IsOursAsync(long number, FeedAttempt first, CancellationToken cancellationToken)
    {
        var stored = await container.FindAsync<FeedBatchDocument>(CosmosIds.FeedBatch(number), CosmosIds.FeedPartition, cancellationToken);
        return stored?.Document.Attempts is [var listed, ..] && listed.Owner == first.Owner;
    }

    private async Task<bool> IsAnnouncedAsync(long number, CancellationToken cancellationToken) =>
        await container.FindAsync<FeedBatchDocument>(CosmosIds.FeedBatch(number), CosmosIds.FeedPartition, cancellationToken) is not null;

    private async Task<bool> IsSettledAsync(long number, CancellationToken cancellationToken) =>
        (await container.FindAsync<FeedBatchDocument>(CosmosIds.FeedBatch(number), CosmosIds.FeedPartition, cancellationToken))?.Document.IsSettled == true;

    /// <summary>
    /// The highest number at or above <paramref name="from"/> (which holds, or is 0) for which <paramref name="holds"/>,
    /// given that it holds for a prefix of the numbers: doubling steps up, then halving between the last hit and the first miss.
    /// </summary>
    private static async Task<long> LastExistingAsync(long from, Func<long, CancellationToken, Task<bool>> holds, CancellationToken cancellationToken)
    {
        var hit = from;
        var step = 1L;
        while (await holds(hit + step, cancellationToken))
        {
            hit += step;
            step *= 2;
        }

        var miss = hit + step;
        while (miss - hit > 1)
        {
            var middle = hit + (miss - hit) / 2;
            if (await holds(middle, cancellationToken))
            {
                hit = middle;
            }
            else
            {
                miss = middle;
            }
        }

        return hit;
    }

    private void Remember(Settled settled)
    {
        var known = Volatile.Read(ref _settled);
        while (settled.Number > known.Number)
        {
            var exchanged = Interlocked.CompareExchange(ref _settled, settled, known);
            if (ReferenceEquals(exchanged, known))
            {
                return;
            }

            known = exchanged;
        }
    }

    /// <summary>A settled batch: its number and the last feed position it (or an empty batch, the one before it) takes.</summary>
    private sealed record Settled(long Number, long LastPosition);
}

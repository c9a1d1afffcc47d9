namespace FestivalPos.Storage.Cosmos;

/// <summary>
/// Index positions reserved before an append commits. A reservation holds one value and the attempts that
/// own it; the position is bound once an owner commits. An attempt finding its position reserved for
/// another value fences off the owners that have not committed (after a grace wait, so that a live owner
/// gets to finish) and takes the reservation over with If-Match; an owner that committed refuses it.
/// </summary>
internal sealed class BindingReservations(LedgerContainer container, OwnerFencing fencing, TimeSpan grace, TimeProvider timeProvider)
{
    /// <summary>Tries against a reservation that keeps changing before the append gives up (its outcome then unknown).</summary>
    private const int MaxRounds = 16;

    /// <summary>Reserves the entry's position for its value, owned by <paramref name="owner"/>; false when the position is bound to another value.</summary>
    public async Task<bool> ReserveAsync(IndexEntry entry, AppendOwner owner, CancellationToken cancellationToken)
    {
        var reservation = BindingDocument.Reserve(entry, owner);
        for (var round = 0; round < MaxRounds; round++)
        {
            if (await container.TryCreateAsync(reservation, entry.Key, cancellationToken))
            {
                return true;
            }

            var stored = await container.FindAsync<BindingDocument>(reservation.Id, entry.Key, cancellationToken);
            if (stored is null)
            {
                continue;
            }

            var existing = stored.Document;
            if (existing.Value == entry.Value)
            {
                if (existing.Committed is not null || existing.Owners.Contains(owner) ||
                    await TryReplaceAsync(existing with { Owners = [.. existing.Owners, owner] }, stored.ETag, cancellationToken))
                {
                    return true;
                }

                continue;
            }

            var holders = await ClearAsync(stored, cancellationToken);
            if (holders == OwnerStatus.Committed)
            {
                return false;
            }

            if (holders == OwnerStatus.Lost && await TryReplaceAsync(reservation, stored.ETag, cancellationToken))
            {
                return true;
            }
        }

        throw new InvalidOperationException($"Position {entry.Position} of '{entry.Key}' kept changing while it was being reserved.");
    }

    /// <summary>Withdraws <paramref name="owner"/> from the entry's reservation, deleting it when no owner is left.</summary>
    public async Task ReleaseAsync(IndexEntry entry, AppendOwner owner, CancellationToken cancellationToken)
    {
        var id = CosmosIds.Binding(entry.Key, entry.Position);
        for (var round = 0; round < MaxRounds; round++)
        {
            var stored = await container.FindAsync<BindingDocument>(id, entry.Key, cancellationToken);
            if (stored is null || stored.Document.Committed is not null || !stored.Document.Owners.Contains(owner))
            {
                return;
            }

            var others = stored.Document.Owners.Where(o => o != owner).ToArray();
            var outcome = others.Length == 0
                ? await container.TryDeleteAsync(id, entry.Key, stored.ETag, cancellationToken)
                : await container.TryReplaceAsync(stored.Document with { Owners = others }, id, entry.Key, stored.ETag, cancellationToken);
            if (outcome != ReplaceOutcome.Changed)
            {
                return;
            }
        }

        // Left as it is, the owner is fenced off by the next append that needs the position.
    }

    /// <summary>Whether an owner of the reservation committed; when one did, the reservation is marked with it.</summary>
    public async Task<bool> IsBoundAsync(Stored<BindingDocument> stored, CancellationToken cancellationToken)
    {
        if (stored.Document.Committed is not null)
        {
            return true;
        }

        foreach (var owner in stored.Document.Owners)
        {
            if (await fencing.StatusOfAsync(owner, cancellationToken) == OwnerStatus.Committed)
            {
                await MarkCommittedAsync(stored, owner, cancellationToken);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Decides the owners of a reservation for another value: <see cref="OwnerStatus.Committed"/> when one
    /// committed, <see cref="OwnerStatus.Lost"/> when none can commit any more (pending ones are fenced off
    /// after the grace wait), <see cref="OwnerStatus.Pending"/> when the reservation changed meanwhile.
    /// </summary>
    private async Task<OwnerStatus> ClearAsync(Stored<BindingDocument> stored, CancellationToken cancellationToken)
    {
        if (stored.Document.Committed is not null)
        {
            return OwnerStatus.Committed;
        }

        var pending = new List<AppendOwner>();
        foreach (var owner in stored.Document.Owners)
        {
            var status = await fencing.StatusOfAsync(owner, cancellationToken);
            if (status == OwnerStatus.Committed)
            {
                await MarkCommittedAsync(stored, owner, cancellationToken);
                return OwnerStatus.Committed;
            }

            if (status == OwnerStatus.Pending)
            {
                pending.Add(owner);
            }
        }

        if (pending.Count == 0)
        {
            return OwnerStatus.Lost;
        }

        await Task.Delay(grace + (grace / 2 * Random.Shared.NextDouble()), timeProvider, cancellationToken);
        var again = await container.FindAsync<BindingDocument>(stored.Document.Id, stored.Document.PartitionKey, cancellationToken);
        if (again is null || again.ETag != stored.ETag)
        {
            return OwnerStatus.Pending;
        }

        foreach (var owner in pending)
        {
            if (await fencing.FenceAsync(owner, cancellationToken) == OwnerStatus.Committed)
            {
                await MarkCommittedAsync(stored, owner, cancellationToken);
                return OwnerStatus.Committed;
            }
        }

        return OwnerStatus.Lost;
    }

    /// <summary>Saves later readers the look-up; losing the race to another writer is harmless.</summary>
    private Task MarkCommittedAsync(Stored<BindingDocument> stored, AppendOwner owner, CancellationToken cancellationToken) =>
        TryReplaceAsync(stored.Document with { Committed = owner }, stored.ETag, cancellationToken);

    private async Task<bool> TryReplaceAsync(BindingDocument reservation, string etag, CancellationToken cancellationToken) =>
        await container.TryReplaceAsync(reservation, reservation.Id, reservation.PartitionKey, etag, cancellationToken) == ReplaceOutcome.Replaced;
}

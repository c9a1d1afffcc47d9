namespace FestivalPos.Storage.Cosmos;

/// <summary>
/// Tells whether an append attempt committed, and fences off one that has not: a void naming the attempt
/// is put at the id its append document would take. Both are decided by one document, so an attempt is
/// either committed or fenced, never both, and a fenced attempt can never commit afterwards.
/// </summary>
internal sealed class OwnerFencing(LedgerContainer container)
{
    /// <summary>Tries against documents that keep changing under the fence before it gives up.</summary>
    private const int MaxRounds = 16;

    public async Task<OwnerStatus> StatusOfAsync(AppendOwner owner, CancellationToken cancellationToken)
    {
        var found = await container.FindAsync<StreamDocument>(CosmosIds.Append(owner.Stream, owner.First), owner.Stream, cancellationToken);
        return Classify(owner, found?.Document);
    }

    /// <summary>Fences the attempt unless it committed: answers <see cref="OwnerStatus.Committed"/> or <see cref="OwnerStatus.Lost"/>.</summary>
    public async Task<OwnerStatus> FenceAsync(AppendOwner owner, CancellationToken cancellationToken)
    {
        var fence = StreamDocument.ForVoid(owner);
        for (var round = 0; round < MaxRounds; round++)
        {
            if (await container.TryCreateAsync(fence, owner.Stream, cancellationToken))
            {
                return OwnerStatus.Lost;
            }

            var found = await container.FindAsync<StreamDocument>(fence.Id, owner.Stream, cancellationToken);
            if (found is null)
            {
                continue;
            }

            var status = Classify(owner, found.Document);
            if (status != OwnerStatus.Pending)
            {
                return status;
            }

            // A void naming another attempt holds the id: name this one instead.
            if (await container.TryReplaceAsync(fence, fence.Id, owner.Stream, found.ETag, cancellationToken) == ReplaceOutcome.Replaced)
            {
                return OwnerStatus.Lost;
            }
        }

        throw new InvalidOperationException($"Could not fence the append at version {owner.First} of stream '{owner.Stream}': its id keeps changing.");
    }

    private static OwnerStatus Classify(AppendOwner owner, StreamDocument? atItsId) => atItsId switch
    {
        null => OwnerStatus.Pending,
        { IsAppend: true } append => append.Attempt == owner.Attempt ? OwnerStatus.Committed : OwnerStatus.Lost,
        { } fence => fence.Attempt == owner.Attempt ? OwnerStatus.Lost : OwnerStatus.Pending,
    };
}

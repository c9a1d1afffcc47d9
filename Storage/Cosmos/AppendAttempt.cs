using Microsoft.Azure.Cosmos;

namespace FestivalPos.Storage.Cosmos;

internal enum CommitOutcome
{
    Appended = 0,

    /// <summary>Another append took the version first.</summary>
    VersionConflict = 1,

    /// <summary>An append needing one of this attempt's positions fenced it off: it can never commit.</summary>
    Fenced = 2,
}

/// <summary>
/// One attempt at one append, step by step: check the stream's version, reserve the index positions, then
/// commit by creating the append document at the id of its first version (the create decides the version
/// race, and a void there names an attempt that may not commit). A refused attempt releases its reservations.
/// </summary>
internal sealed class AppendAttempt(LedgerContainer container, BindingReservations reservations, OwnerFencing fencing, AppendRequest request)
{
    /// <summary>Tries against an id whose void keeps changing before the attempt gives up (its outcome then unknown).</summary>
    private const int MaxRounds = 16;

    private readonly List<IndexEntry> _reserved = [];

    public AppendOwner Owner { get; } = new(request.StreamId, request.ExpectedVersion + 1, Guid.NewGuid().ToString("N"));

    /// <summary>This attempt as a feed batch lists it.</summary>
    public FeedAttempt Announcement => new(Owner, request.Events.Count);

    /// <summary>
    /// Whether the stream is at the request's expected version: an append ends there (or the stream is new)
    /// and none starts after it. Appends are contiguous, as each one is created only after this check.
    /// </summary>
    public async Task<bool> IsAtExpectedVersionAsync(CancellationToken cancellationToken)
    {
        var query = new QueryDefinition(
                "SELECT c.first, c.last FROM c WHERE c.PartitionKey = @stream AND c.kind = @kind AND (c.last = @expected OR c.first = @next)")
            .WithParameter("@stream", request.StreamId)
            .WithParameter("@kind", DocumentKind.Append)
            .WithParameter("@expected", request.ExpectedVersion)
            .WithParameter("@next", Owner.First);
        var reached = request.ExpectedVersion == 0;
        var movedOn = false;
        await foreach (var found in container.QueryAsync<AppendRange>(query, request.StreamId, cancellationToken))
        {
            reached |= found.Document.Last == request.ExpectedVersion;
            movedOn |= found.Document.First == Owner.First;
        }

        return reached && !movedOn;
    }

    /// <summary>Reserves every index position; answers the first entry whose position is bound to another value, or null.</summary>
    public async Task<IndexEntry?> ReserveAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in request.Index.Distinct())
        {
            if (!await reservations.ReserveAsync(entry, Owner, cancellationToken))
            {
                return entry;
            }

            _reserved.Add(entry);
        }

        return null;
    }

    public async Task<CommitOutcome> CommitAsync(CancellationToken cancellationToken)
    {
        var append = StreamDocument.ForAppend(request, Owner.Attempt);
        for (var round = 0; round < MaxRounds; round++)
        {
            if (await container.TryCreateAsync(append, request.StreamId, cancellationToken))
            {
                return CommitOutcome.Appended;
            }

            var found = await container.FindAsync<StreamDocument>(append.Id, request.StreamId, cancellationToken);
            switch (found?.Document)
            {
                case null:
                    continue;
                case { IsAppend: true } stored:
                    // Our own document when the SDK sent the create again after an answer it did not get.
                    return stored.Attempt == Owner.Attempt ? CommitOutcome.Appended : CommitOutcome.VersionConflict;
                case { } fence when fence.Attempt == Owner.Attempt:
                    return CommitOutcome.Fenced;
            }

            // A void naming another attempt: this version is still free.
            if (await container.TryReplaceAsync(append, append.Id, request.StreamId, found.ETag, cancellationToken) == ReplaceOutcome.Replaced)
            {
                return CommitOutcome.Appended;
            }
        }

        throw new InvalidOperationException($"The append at version {Owner.First} of stream '{request.StreamId}' kept finding its id changed.");
    }

    /// <summary>Fences off this refused attempt, so that the feed batch announcing it settles without waiting for it.</summary>
    public Task WithdrawAsync(CancellationToken cancellationToken) => fencing.FenceAsync(Owner, cancellationToken);

    /// <summary>Withdraws this attempt from the positions it reserved: a refused append binds nothing.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in _reserved)
        {
            await reservations.ReleaseAsync(entry, Owner, cancellationToken);
        }
    }
}

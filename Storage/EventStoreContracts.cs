namespace FestivalPos.Storage;

/// <summary>An event to append. The payload is stored byte for byte; the hash is the domain's chain link.</summary>
public sealed record EventToAppend(string Payload, string Hash);

/// <summary>An event as stored, at its 1-based version within its stream.</summary>
public sealed record RecordedEvent(long Version, string Payload, string Hash);

/// <summary>
/// A small keyed record that lets another reader find what an append decided without reading its stream
/// (a device finds the seqs its wallets charged). It is committed in the same transaction as the events it
/// comes with, and only if they are appended. A (Key, Position) is bound once: an append whose entry finds
/// its position bound to a different value is refused whole (<see cref="AppendOutcome.IndexConflict"/>);
/// one that finds the same value leaves the stored entry as it is and goes ahead.
/// </summary>
public sealed record IndexEntry(string Key, long Position, string Value);

/// <summary>
/// Appends <see cref="Events"/> at versions ExpectedVersion+1.., only if the stream is at ExpectedVersion,
/// together with its <see cref="Index"/> entries.
/// </summary>
public sealed record AppendRequest(string StreamId, long ExpectedVersion, IReadOnlyList<EventToAppend> Events, IReadOnlyList<IndexEntry> Index);

public enum AppendOutcome
{
    Appended = 0,

    /// <summary>The stream is not at the expected version; nothing of the request was written.</summary>
    VersionConflict = 1,

    /// <summary>
    /// The stream is at the expected version, but an index entry's position is bound to a different value
    /// (stored, or by an earlier request of the same batch); nothing of the request was written.
    /// </summary>
    IndexConflict = 2,
}

/// <summary>Thrown when a stream moved on since the caller read it; the caller reloads and decides again.</summary>
public sealed class StreamVersionConflictException(string streamId, long expectedVersion)
    : Exception($"Stream '{streamId}' is no longer at version {expectedVersion}.")
{
    public string StreamId { get; } = streamId;

    public long ExpectedVersion { get; } = expectedVersion;
}

/// <summary>
/// Thrown when an append's index entry finds its (Key, Position) bound to a different value: nothing of the
/// append was written. The binding is final, so appending again with the same entry fails again.
/// </summary>
public sealed class IndexConflictException(string streamId, IndexEntry entry)
    : Exception($"The append to stream '{streamId}' binds position {entry.Position} of '{entry.Key}', which is bound to another value.")
{
    public string StreamId { get; } = streamId;

    /// <summary>The first entry of the append whose position is bound to a different value.</summary>
    public IndexEntry Entry { get; } = entry;
}

/// <summary>Append-only event streams with optimistic concurrency: what grains persist through.</summary>
public interface IEventStore
{
    Task<IReadOnlyList<RecordedEvent>> ReadAsync(string streamId, long afterVersion, CancellationToken cancellationToken = default);

    /// <summary>Appends the events, and the index entries with them in the same transaction.</summary>
    /// <exception cref="StreamVersionConflictException">
    /// The stream is not at <paramref name="expectedVersion"/>; nothing was written. Answered before an index conflict.
    /// </exception>
    /// <exception cref="IndexConflictException">An index entry's position is bound to a different value; nothing was written.</exception>
    Task AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventToAppend> events, IReadOnlyList<IndexEntry> index, CancellationToken cancellationToken = default);

    /// <summary>The entries under <paramref name="key"/> with a position above <paramref name="afterPosition"/>, in position order.</summary>
    Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string key, long afterPosition, CancellationToken cancellationToken = default);

    IAsyncEnumerable<string> ListStreamsAsync(string prefix, CancellationToken cancellationToken = default);
}

/// <summary>A database behind <see cref="IEventStore"/>; appends arrive in batches, each committed in one transaction.</summary>
public interface IEventStoreBackend : IAsyncDisposable
{
    /// <summary>How many batches may be committing at once (1 for a single-writer database).</summary>
    int MaxConcurrentCommits { get; }

    /// <summary>Creates or migrates the schema.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<RecordedEvent>> ReadAsync(string streamId, long afterVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Commits every request of the batch that finds its stream at its expected version and none of its
    /// index positions bound to a different value, in one transaction, and answers one outcome per request
    /// in order. The outcomes are those of appending the requests one after another in batch order: an
    /// earlier request's entries bind their positions for the later ones, a refused request binds nothing,
    /// and a request off its expected version answers <see cref="AppendOutcome.VersionConflict"/> whatever
    /// its entries. A batch never holds two requests for the same stream. Throws when the transaction
    /// fails: then nothing of the batch is known.
    /// </summary>
    Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<AppendRequest> batch, CancellationToken cancellationToken);

    Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string key, long afterPosition, CancellationToken cancellationToken);

    IAsyncEnumerable<string> ListStreamsAsync(string prefix, CancellationToken cancellationToken);
}

namespace FestivalPos.Storage;

/// <summary>An event to append. The payload is stored byte for byte; the hash is the domain's chain link.</summary>
public sealed record EventToAppend(string Payload, string Hash);

/// <summary>An event as stored, at its 1-based version within its stream.</summary>
public sealed record RecordedEvent(long Version, string Payload, string Hash);

/// <summary>
/// A small keyed record that lets another reader find what an append decided without reading its stream
/// (a device finds the seqs its wallets charged). It is committed in the same transaction as the events it
/// comes with, and only if they are appended. (Key, Position) is unique: the first entry written stays.
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
    VersionConflict = 1,

    /// <summary>An index entry of the request found its (key, position) bound to another value: nothing was written.</summary>
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
/// Thrown when an append's index entry finds its (key, position) already bound to a different value: nothing of
/// the append was written. The caller reads the binding that stands and answers from it.
/// </summary>
public sealed class IndexConflictException(string streamId, IndexEntry entry)
    : Exception($"Stream '{streamId}': index '{entry.Key}' position {entry.Position} is bound to another value.")
{
    public string StreamId { get; } = streamId;

    public IndexEntry Entry { get; } = entry;
}

/// <summary>Append-only event streams with optimistic concurrency: what grains persist through.</summary>
public interface IEventStore
{
    Task<IReadOnlyList<RecordedEvent>> ReadAsync(string streamId, long afterVersion, CancellationToken cancellationToken = default);

    /// <summary>Appends the events, and the index entries with them in the same transaction.</summary>
    /// <exception cref="StreamVersionConflictException">The stream is not at <paramref name="expectedVersion"/>.</exception>
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
    /// Commits every request of the batch that finds its stream at its expected version, in one
    /// transaction, and answers one outcome per request in order. A batch never holds two requests
    /// for the same stream. Throws when the transaction fails: then nothing of the batch is known.
    /// </summary>
    Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<AppendRequest> batch, CancellationToken cancellationToken);

    Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string key, long afterPosition, CancellationToken cancellationToken);

    IAsyncEnumerable<string> ListStreamsAsync(string prefix, CancellationToken cancellationToken);
}

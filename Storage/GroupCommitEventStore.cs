using System.Diagnostics;
using System.Threading.Channels;

namespace FestivalPos.Storage;

public sealed class GroupCommitOptions
{
    /// <summary>Appends committed together in one database transaction, at most.</summary>
    public int MaxAppendsPerCommit { get; set; } = 1000;

    /// <summary>Appends waiting for a commit, at most; further appends wait for room.</summary>
    public int MaxQueuedAppends { get; set; } = 100_000;
}

/// <summary>
/// The <see cref="IEventStore"/> grains use. Appends from many streams queue up while a commit is
/// in flight and go to the database together in the next one, so one fsync serves many wallets.
/// An append completes only once its transaction has committed.
/// </summary>
public sealed class GroupCommitEventStore : IEventStore, IAsyncDisposable
{
    private readonly IEventStoreBackend _backend;
    private readonly GroupCommitOptions _options;
    private readonly Channel<PendingAppend> _queue;
    private readonly Task[] _committers;
    private readonly Action<TimeSpan>? _appendCommitted;
    private long _commitCount;
    private long _appendCount;

    /// <param name="appendCommitted">Told how long each committed append took, from its call to its commit (the wait in the queue included).</param>
    public GroupCommitEventStore(IEventStoreBackend backend, GroupCommitOptions options, Action<TimeSpan>? appendCommitted = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAppendsPerCommit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxQueuedAppends, 1);
        _backend = backend;
        _options = options;
        _appendCommitted = appendCommitted;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.MaxQueuedAppends)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _committers = Enumerable.Range(0, Math.Max(1, backend.MaxConcurrentCommits))
            .Select(_ => Task.Run(CommitLoopAsync))
            .ToArray();
    }

    /// <summary>Database transactions committed so far.</summary>
    public long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>Stream appends committed so far (many per transaction under load).</summary>
    public long AppendCount => Interlocked.Read(ref _appendCount);

    public Task<IReadOnlyList<RecordedEvent>> ReadAsync(string streamId, long afterVersion, CancellationToken cancellationToken = default) =>
        _backend.ReadAsync(streamId, afterVersion, cancellationToken);

    public IAsyncEnumerable<string> ListStreamsAsync(string prefix, CancellationToken cancellationToken = default) =>
        _backend.ListStreamsAsync(prefix, cancellationToken);

    public Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string key, long afterPosition, CancellationToken cancellationToken = default) =>
        _backend.ReadIndexAsync(key, afterPosition, cancellationToken);

    public async Task AppendAsync(
        string streamId, long expectedVersion, IReadOnlyList<EventToAppend> events, IReadOnlyList<IndexEntry> index, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }

        // Checked here too, so that one caller's malformed index fails its own append, not the batch it would join.
        AppendBatchValidation.ThrowIfInvalidIndex(streamId, index, nameof(index));
        var pending = new PendingAppend(new AppendRequest(streamId, expectedVersion, events, index));
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        var outcome = await pending.Completion.Task;
        switch (outcome)
        {
            case AppendOutcome.Appended:
                return;
            case AppendOutcome.VersionConflict:
                throw new StreamVersionConflictException(streamId, expectedVersion);
            case AppendOutcome.IndexConflict:
                throw new IndexConflictException(streamId, await FindConflictingEntryAsync(streamId, index, cancellationToken));
            default:
                throw new InvalidOperationException($"The backend answered an unknown outcome {outcome} for stream '{streamId}'.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_committers);
    }

    /// <summary>
    /// The first entry of a refused append whose position is bound to another value. Outcomes carry no more
    /// than the outcome, so with several entries this reads them back (only on this refusal, reading each
    /// key from the entry's position on): bindings never change once committed, so the read finds what
    /// refused the append.
    /// </summary>
    private async Task<IndexEntry> FindConflictingEntryAsync(string streamId, IReadOnlyList<IndexEntry> index, CancellationToken cancellationToken)
    {
        if (index.Count == 1)
        {
            return index[0];
        }

        foreach (var entry in index)
        {
            var stored = await _backend.ReadIndexAsync(entry.Key, entry.Position - 1, cancellationToken);
            if (stored.Count > 0 && stored[0].Position == entry.Position && stored[0].Value != entry.Value)
            {
                return entry;
            }
        }

        throw new InvalidOperationException($"The append to stream '{streamId}' was refused for an index conflict, but none of its entries clashes.");
    }

    private async Task CommitLoopAsync()
    {
        var deferred = new List<PendingAppend>();
        while (deferred.Count > 0 || await _queue.Reader.WaitToReadAsync())
        {
            var batch = TakeBatch(deferred);
            await CommitAsync(batch);
        }
    }

    /// <summary>Takes deferred appends first, then queued ones; a second append to a stream waits for the next batch.</summary>
    private List<PendingAppend> TakeBatch(List<PendingAppend> deferred)
    {
        var batch = new List<PendingAppend>();
        var streams = new HashSet<string>(StringComparer.Ordinal);
        var carried = deferred.ToArray();
        deferred.Clear();
        foreach (var pending in carried)
        {
            AddOrDefer(pending, batch, streams, deferred);
        }

        while (batch.Count < _options.MaxAppendsPerCommit && _queue.Reader.TryRead(out var next))
        {
            AddOrDefer(next, batch, streams, deferred);
        }

        return batch;
    }

    private void AddOrDefer(PendingAppend pending, List<PendingAppend> batch, HashSet<string> streams, List<PendingAppend> deferred)
    {
        if (batch.Count < _options.MaxAppendsPerCommit && streams.Add(pending.Request.StreamId))
        {
            batch.Add(pending);
        }
        else
        {
            deferred.Add(pending);
        }
    }

    private async Task CommitAsync(List<PendingAppend> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            var outcomes = await _backend.AppendBatchAsync(batch.ConvertAll(p => p.Request), CancellationToken.None);
            Interlocked.Increment(ref _commitCount);
            Interlocked.Add(ref _appendCount, outcomes.Count(o => o == AppendOutcome.Appended));
            for (var i = 0; i < batch.Count; i++)
            {
                _appendCommitted?.Invoke(Stopwatch.GetElapsedTime(batch[i].QueuedAt));
                batch[i].Completion.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(exception);
            }
        }
    }

    private sealed class PendingAppend(AppendRequest request)
    {
        public AppendRequest Request { get; } = request;

        public long QueuedAt { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource<AppendOutcome> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

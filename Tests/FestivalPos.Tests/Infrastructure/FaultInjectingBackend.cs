using FestivalPos.Storage;

namespace FestivalPos.Tests.Infrastructure;

/// <summary>
/// Wraps a real backend and, on request, makes batch commits fail: either before anything is
/// written, or after the transaction committed with its answer lost on the way back.
/// </summary>
public sealed class FaultInjectingBackend(IEventStoreBackend inner) : IEventStoreBackend
{
    private int _failBeforeCommit;
    private int _loseAnswerAfterCommit;
    private int _failReads;

    public int MaxConcurrentCommits => inner.MaxConcurrentCommits;

    /// <summary>The next <paramref name="count"/> batch commits fail without writing.</summary>
    public void FailNextCommits(int count) => Interlocked.Exchange(ref _failBeforeCommit, count);

    /// <summary>The next <paramref name="count"/> batch commits are written, then answer with an error.</summary>
    public void LoseNextCommitAnswers(int count) => Interlocked.Exchange(ref _loseAnswerAfterCommit, count);

    /// <summary>The next <paramref name="count"/> stream reads fail.</summary>
    public void FailNextReads(int count) => Interlocked.Exchange(ref _failReads, count);

    public void Reset()
    {
        FailNextCommits(0);
        LoseNextCommitAnswers(0);
        FailNextReads(0);
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<IReadOnlyList<RecordedEvent>> ReadAsync(string streamId, long afterVersion, CancellationToken cancellationToken) =>
        TakeOne(ref _failReads)
            ? throw new IOException("Injected fault: the read failed.")
            : inner.ReadAsync(streamId, afterVersion, cancellationToken);

    public Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string key, long afterPosition, CancellationToken cancellationToken) =>
        inner.ReadIndexAsync(key, afterPosition, cancellationToken);

    public IAsyncEnumerable<string> ListStreamsAsync(string prefix, CancellationToken cancellationToken) =>
        inner.ListStreamsAsync(prefix, cancellationToken);

    public async Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<AppendRequest> batch, CancellationToken cancellationToken)
    {
        if (TakeOne(ref _failBeforeCommit))
        {
            throw new IOException("Injected fault: the commit failed before writing.");
        }

        var outcomes = await inner.AppendBatchAsync(batch, cancellationToken);
        if (TakeOne(ref _loseAnswerAfterCommit))
        {
            throw new IOException("Injected fault: the commit succeeded but its answer was lost.");
        }

        return outcomes;
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private bool TakeOne(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}

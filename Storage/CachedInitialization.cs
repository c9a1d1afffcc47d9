namespace FestivalPos.Storage;

/// <summary>
/// Runs an initialization once, on first use, and lets every caller await the same task.
/// A failed or cancelled attempt is forgotten, so the next caller tries again.
/// </summary>
internal sealed class CachedInitialization(Func<Task> initialize)
{
    private readonly Lock _gate = new();
    private Task? _task;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _task);
        if (current is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_task is null || _task.IsFaulted || _task.IsCanceled)
            {
                _task = Task.Run(initialize, CancellationToken.None);
            }

            current = _task;
        }

        return current.WaitAsync(cancellationToken);
    }
}

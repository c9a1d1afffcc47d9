using FestivalPos.Gateway.Api.Hosting;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>
/// How many offline batches this gateway lets into the cluster at once. After an outage every terminal
/// uploads at the same moment; the batches beyond <see cref="SyncOptions.MaxConcurrentBatches"/> wait here,
/// holding no grain call, for at most <see cref="SyncOptions.BatchQueueSeconds"/>, and are then answered 503
/// with Retry-After. So a batch never waits inside the cluster until its call times out and its work is redone.
/// </summary>
public sealed class BatchAdmission(IOptions<SyncOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentBatches, options.Value.MaxConcurrentBatches);

    /// <summary>A slot to hold while the batch is in the cluster, or null when none came free in time.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken) =>
        await _slots.WaitAsync(TimeSpan.FromSeconds(options.Value.BatchQueueSeconds), cancellationToken) ? new Slot(_slots) : null;

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}

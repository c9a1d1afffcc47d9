using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using FestivalPos.Gateway.Api.Hosting;
using FestivalPos.Gateway.Api.RateLimiting;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>What became of a batch at the gateway's door.</summary>
public enum BatchAdmissionOutcome
{
    /// <summary>The batch holds a slot until the admission is disposed.</summary>
    Admitted = 0,

    /// <summary>Another batch of the same device is queued or in the cluster on this gateway.</summary>
    InFlight = 1,

    /// <summary>The device uploaded more offline transactions than its budget allows.</summary>
    RateLimited = 2,

    /// <summary>No slot came free within Sync:BatchQueueSeconds.</summary>
    Busy = 3,
}

/// <summary>A batch's admission: dispose it when the batch is answered, to free its slot and its device.</summary>
public sealed class Admission(BatchAdmissionOutcome outcome, TimeSpan retryAfter, Action? release) : IDisposable
{
    private Action? _release = release;

    public BatchAdmissionOutcome Outcome => outcome;

    /// <summary>For <see cref="BatchAdmissionOutcome.RateLimited"/>: when the device's budget holds this batch again.</summary>
    public TimeSpan RetryAfter => retryAfter;

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}

/// <summary>
/// How many offline batches this gateway lets into the cluster at once, and who gets them. After an outage every
/// terminal uploads at the same moment; the batches beyond <see cref="SyncOptions.MaxConcurrentBatches"/> wait here,
/// holding no grain call, for at most <see cref="SyncOptions.BatchQueueSeconds"/>, and are then answered 503 with
/// Retry-After, so a batch never waits inside the cluster until its call times out and its work is redone. So that
/// one device cannot hold the slots the others need: a device has at most one batch queued or in the cluster here
/// (a second is answered 429 at once: a terminal syncs one batch at a time, so a second one is a retry of a batch
/// whose answer it gave up on, or a flood), and uploads at most
/// <see cref="RateLimitOptions.OfflineTransactionsPerSecondPerDevice"/> transactions a second after a burst of
/// <see cref="RateLimitOptions.OfflineTransactionBurstPerDevice"/>.
/// </summary>
public sealed class BatchAdmission : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly PartitionedRateLimiter<string> _transactions;
    private readonly IOptions<SyncOptions> _sync;

    public BatchAdmission(IOptions<SyncOptions> sync, IOptions<RateLimitOptions> limits)
    {
        _sync = sync;
        _slots = new SemaphoreSlim(sync.Value.MaxConcurrentBatches, sync.Value.MaxConcurrentBatches);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Value.OfflineTransactionBurstPerDevice,
            TokensPerPeriod = limits.Value.OfflineTransactionsPerSecondPerDevice,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        };
        _transactions = PartitionedRateLimiter.Create<string, string>(deviceId => RateLimitPartition.GetTokenBucketLimiter(deviceId, _ => bucket), StringComparer.Ordinal);
        TransactionBurst = bucket.TokenLimit;
    }

    private int TransactionBurst { get; }

    /// <summary>Admits a batch of <paramref name="transactions"/> (an empty batch counts as one) from <paramref name="deviceId"/>.</summary>
    public async Task<Admission> EnterAsync(string deviceId, int transactions, CancellationToken cancellationToken)
    {
        if (!_inFlight.TryAdd(deviceId, 0))
        {
            return new Admission(BatchAdmissionOutcome.InFlight, TimeSpan.Zero, null);
        }

        var admitted = false;
        try
        {
            using (var lease = _transactions.AttemptAcquire(deviceId, Math.Clamp(transactions, 1, TransactionBurst)))
            {
                if (!lease.IsAcquired)
                {
                    var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                    return new Admission(BatchAdmissionOutcome.RateLimited, wait, null);
                }
            }

            if (!await _slots.WaitAsync(TimeSpan.FromSeconds(_sync.Value.BatchQueueSeconds), cancellationToken))
            {
                return new Admission(BatchAdmissionOutcome.Busy, TimeSpan.Zero, null);
            }

            admitted = true;
            return new Admission(BatchAdmissionOutcome.Admitted, TimeSpan.Zero, () =>
            {
                _slots.Release();
                _inFlight.TryRemove(deviceId, out _);
            });
        }
        finally
        {
            if (!admitted)
            {
                _inFlight.TryRemove(deviceId, out _);
            }
        }
    }

    public void Dispose()
    {
        _transactions.Dispose();
        _slots.Dispose();
    }
}

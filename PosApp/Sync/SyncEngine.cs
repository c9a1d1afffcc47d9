using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Sync;

/// <summary>
/// Brings the outbox to the server and the snapshot to the terminal: unanswered online charges are
/// asked again under their seq, offline sales go in batches (at most <see cref="MaxBatchSize"/>),
/// the server's cursor is read when no batch brought it, the snapshot is refreshed from its version,
/// and rows the cursor passed are trimmed.
/// Everything it needs is in the store, so it resumes where a restart left it.
/// </summary>
public sealed class SyncEngine(Outbox outbox, OfflineSnapshotStore snapshot, GatewayClient gateway, TimeProvider time, int maxBatchSize = SyncEngine.DefaultMaxBatchSize)
{
    public const int DefaultMaxBatchSize = 1000;

    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    public int MaxBatchSize { get; private set; } = maxBatchSize;

    public SyncReport? LastReport { get; private set; }

    public void Wake() => _wake.Release();

    /// <summary>Syncs in the background until cancelled: after every pass, at once while work remains, with backoff while the gateway is away.</summary>
    public async Task RunAsync(TimeSpan idleInterval, CancellationToken cancellation)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30), Random.Shared);
        while (!cancellation.IsCancellationRequested)
        {
            var report = await PassAsync(cancellation);
            var delay = report.Complete ? idleInterval : backoff.Next();
            if (report.Complete)
            {
                backoff.Reset();
            }

            try
            {
                await _wake.WaitAsync(delay, cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass; a gateway that does not answer ends it early (Complete=false), having kept whatever it settled.</summary>
    public async Task<SyncReport> PassAsync(CancellationToken cancellation = default)
    {
        int online = 0, batches = 0, offline = 0, wallets = 0;
        try
        {
            online = await SettleOnlineAsync(cancellation);
            (batches, offline) = await SendBatchesAsync(cancellation);
            if (batches == 0 && await outbox.AwaitsCursorAsync())
            {
                // Sales settled online move the server's cursor too, but only a batch answer tells: an empty batch asks.
                await outbox.RecordAsync([], ackedThrough: (await gateway.SendBatchAsync([], cancellation)).AckedThrough);
            }

            wallets = await RefreshSnapshotAsync(cancellation);
            var trimmed = await outbox.TrimAsync();
            return LastReport = new SyncReport(online, batches, offline, wallets, trimmed, Complete: true, null);
        }
        catch (Exception e) when (e is GatewayUnavailableException or GatewayRefusedException || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return LastReport = new SyncReport(online, batches, offline, wallets, 0, Complete: false, e.Message);
        }
    }

    private async Task<int> SettleOnlineAsync(CancellationToken cancellation)
    {
        var settled = 0;
        foreach (var entry in await outbox.PendingAsync(SaleModes.Online, 1000))
        {
            var outcome = await gateway.ChargeAsync(entry, cancellation);
            var answer = outcome.Kind switch
            {
                OnlineOutcomeKind.Answered => new SettledSeq(entry.Seq, outcome.Answer!.Status == SaleStates.Approved ? SaleStates.Approved : SaleStates.Declined, outcome.Answer.Reason),
                OnlineOutcomeKind.WalletNotFound => new SettledSeq(entry.Seq, SaleStates.Rejected, "unknownWallet"),
                OnlineOutcomeKind.Refused => new SettledSeq(entry.Seq, SaleStates.Rejected, outcome.Problem),
                _ => throw new GatewayUnavailableException(outcome.Problem ?? "no answer"),
            };
            await outbox.RecordAsync([answer], outcome.Answer?.Balance);
            settled++;
        }

        return settled;
    }

    private async Task<(int Batches, int Settled)> SendBatchesAsync(CancellationToken cancellation)
    {
        int batches = 0, settled = 0;
        while (await outbox.PendingAsync(SaleModes.Offline, MaxBatchSize) is { Count: > 0 } pending)
        {
            BatchAnswer answer;
            try
            {
                answer = await gateway.SendBatchAsync(pending, cancellation);
            }
            catch (GatewayRefusedException e) when (e.Status == 400 && e.Message.Contains("batch-too-large", StringComparison.Ordinal) && MaxBatchSize > 1)
            {
                MaxBatchSize = Math.Max(1, MaxBatchSize / 2);
                continue;
            }

            var results = new List<SettledSeq>();
            foreach (var result in answer.Results)
            {
                var entry = pending.Find(e => e.Seq == result.Seq);
                results.Add(entry is null ? new SettledSeq(result.Seq, SaleStates.Applied, null) : await SettleAsync(entry, result, cancellation));
            }

            await outbox.RecordAsync(results, ackedThrough: answer.AckedThrough);
            batches++;
            settled += results.Count;
        }

        return (batches, settled);
    }

    /// <summary>
    /// A duplicate is ours when only batches carried the seq; when an online attempt went first it may
    /// have been decided online, so the online endpoint is asked for the recorded answer.
    /// </summary>
    private async Task<SettledSeq> SettleAsync(OutboxEntry entry, BatchResultBody result, CancellationToken cancellation)
    {
        if (result.Status == "rejected")
        {
            return new SettledSeq(entry.Seq, SaleStates.Rejected, result.Reason);
        }

        if (result.Status == "duplicate" && entry.OnlineAttempted)
        {
            var outcome = await gateway.ChargeAsync(entry, cancellation);
            if (outcome.Kind != OnlineOutcomeKind.Answered)
            {
                throw new GatewayUnavailableException(outcome.Problem ?? "no answer for a duplicate's online record");
            }

            return outcome.Answer!.Status == SaleStates.Approved
                ? new SettledSeq(entry.Seq, SaleStates.Applied, null)
                : new SettledSeq(entry.Seq, SaleStates.Declined, $"declinedOnlineBeforeOfflineSale:{outcome.Answer.Reason}");
        }

        return new SettledSeq(entry.Seq, SaleStates.Applied, null);
    }

    private async Task<int> RefreshSnapshotAsync(CancellationToken cancellation)
    {
        var startedAt = time.GetUtcNow();
        var wallets = 0;
        var since = await snapshot.VersionAsync();
        while (true)
        {
            var page = await gateway.GetSnapshotAsync(since, cancellation);
            await snapshot.ApplyPageAsync(page.Wallets, page.Version, page.QrPublicKey);
            wallets += page.Wallets.Length;
            if (!page.More || page.Version <= since)
            {
                break;
            }

            since = page.Version;
        }

        await snapshot.CompleteRefreshAsync(startedAt);
        return wallets;
    }
}

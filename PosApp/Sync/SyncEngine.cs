using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Sync;

/// <summary>
/// Brings the outbox to the server and the snapshot to the terminal: unanswered online charges are
/// asked again under their seq, offline sales go in batches (at most <see cref="MaxBatchSize"/>, made smaller
/// when the gateway says a batch is too large: see <see cref="BatchSizing"/>),
/// the server's cursor is read when no batch brought it, the snapshot is refreshed from its version,
/// and rows the cursor passed are trimmed once their retention is over. When a batch answer names a new ledger epoch
/// (the ledger was restored from a backup), the sales the restored ledger may lack are sent again in the same pass.
/// Everything it needs is in the store, so it resumes where a restart left it.
/// </summary>
public sealed class SyncEngine(Outbox outbox, OfflineSnapshotStore snapshot, GatewayClient gateway, TimeProvider time, int maxBatchSize = SyncEngine.DefaultMaxBatchSize)
{
    public const int DefaultMaxBatchSize = 1000;

    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly SemaphoreSlim _pass = new(1, 1);
    private volatile bool _networkBack;
    private int _resent;

    public int MaxBatchSize { get; private set; } = maxBatchSize;

    public SyncReport? LastReport { get; private set; }

    /// <summary>Raised after every pass with its report: whether the gateway answered it all (the touch screen's online indicator).</summary>
    public event Action<SyncReport>? PassEnded;

    /// <summary>Raised with one line before a batch is sent or an unanswered charge is asked again (<c>--progress</c>).</summary>
    public event Action<string>? Progress;

    public void Wake() => _wake.Release();

    /// <summary>The gateway was seen answering: the next pass starts at once, without the backoff of earlier failures.</summary>
    public void NetworkBack()
    {
        _networkBack = true;
        _wake.Release();
    }

    /// <summary>Syncs in the background until cancelled: after every pass, at once while work remains, with backoff while the gateway is away.</summary>
    public async Task RunAsync(TimeSpan idleInterval, CancellationToken cancellation)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30), Random.Shared);
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                _networkBack = false;
                var report = await PassAsync(cancellation);
                if (report.Complete || _networkBack)
                {
                    backoff.Reset();
                }

                await _wake.WaitAsync(report.Complete ? idleInterval : backoff.Next(), cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Stopped, in a pass or between two; whatever the pass claimed went back to the outbox.
        }
    }

    /// <summary>
    /// One pass (one at a time); a gateway that does not answer ends it early (Complete=false), having kept whatever
    /// it settled. Whatever it claimed and did not settle goes back to the outbox at the end.
    /// </summary>
    public async Task<SyncReport> PassAsync(CancellationToken cancellation = default)
    {
        await _pass.WaitAsync(cancellation);
        SyncReport report;
        try
        {
            LastReport = report = await SyncAsync(cancellation);
        }
        finally
        {
            await outbox.ReleaseClaimsAsync();
            _pass.Release();
        }

        PassEnded?.Invoke(report);
        return report;
    }

    private async Task<SyncReport> SyncAsync(CancellationToken cancellation)
    {
        int online = 0, batches = 0, offline = 0, wallets = 0;
        _resent = 0;
        try
        {
            online = await SettleOnlineAsync(cancellation);
            (batches, offline) = await SendBatchesAsync(cancellation);

            // Sales settled online move the server's cursor too, but only a batch answer tells: an empty batch asks, and
            // its ledger epoch tells a terminal with nothing to send that a restore made the server forget its sales.
            if (batches == 0 && await outbox.AwaitsCursorAsync() && await FollowLedgerAsync(await gateway.SendBatchAsync([], cancellation)) > 0)
            {
                (batches, offline) = await SendBatchesAsync(cancellation);
            }

            wallets = await RefreshSnapshotAsync(cancellation);
            var trimmed = await outbox.TrimAsync();
            return new SyncReport(online, batches, offline, wallets, trimmed, Complete: true, null, _resent);
        }
        catch (Exception e) when (e is GatewayUnavailableException or GatewayRefusedException || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return new SyncReport(online, batches, offline, wallets, 0, Complete: false, e.Message, _resent);
        }
    }

    /// <summary>Asks again, under their seq, for the answer to online charges nobody else holds (a cashier ringing one up holds it).</summary>
    private async Task<int> SettleOnlineAsync(CancellationToken cancellation)
    {
        var settled = 0;
        foreach (var entry in await outbox.ClaimAsync(SaleModes.Online, DefaultMaxBatchSize))
        {
            Report($"progress settle seq={entry.Seq} wallet={entry.WalletId} amount={entry.Amount}");
            var outcome = await gateway.ChargeAsync(entry, cancellation);
            var answer = outcome.Kind switch
            {
                OnlineOutcomeKind.Answered => new Settlement(entry, outcome.Answer!.Status == SaleStates.Approved ? SaleStates.Approved : SaleStates.Declined, outcome.Answer.Reason, outcome.Answer.Balance),
                OnlineOutcomeKind.WalletNotFound => new Settlement(entry, SaleStates.Rejected, "unknownWallet"),
                OnlineOutcomeKind.Refused => new Settlement(entry, SaleStates.Rejected, outcome.Problem),
                _ => throw new GatewayUnavailableException(outcome.Problem ?? "no answer"),
            };
            settled += await outbox.RecordAsync([answer], SaleOwner.Sync);
        }

        return settled;
    }

    private async Task<(int Batches, int Settled)> SendBatchesAsync(CancellationToken cancellation)
    {
        int batches = 0, settled = 0;
        while (await outbox.ClaimAsync(SaleModes.Offline, MaxBatchSize) is { Count: > 0 } pending)
        {
            Report($"progress batch count={pending.Count} first={pending[0].Seq} last={pending[^1].Seq}");
            BatchResponse answer;
            try
            {
                answer = await gateway.SendBatchAsync(pending, cancellation);
            }
            catch (GatewayRefusedException e) when (BatchSizing.NextSize(e.Status, e.Problem, pending.Count) is { } smaller)
            {
                // The claims stay: the next, smaller batch starts with the same sales.
                MaxBatchSize = smaller;
                continue;
            }

            var sent = pending.ToDictionary(e => e.Seq);
            var results = new List<Settlement>();
            foreach (var result in answer.Results)
            {
                // A result for a seq this batch did not carry says nothing about any row here.
                if (sent.TryGetValue(result.Seq, out var entry))
                {
                    results.Add(Settle(entry, result));
                }
            }

            var recorded = await outbox.RecordAsync(results, SaleOwner.Sync, answer.AckedThrough);
            await FollowLedgerAsync(answer);
            batches++;
            settled += recorded;
            if (recorded == 0)
            {
                throw new GatewayUnavailableException("The gateway answered none of the batch's transactions.");
            }
        }

        return (batches, settled);
    }

    /// <summary>
    /// Takes the cursor and ledger epoch of a batch answer (a server that names no epoch is only asked for its cursor);
    /// answers how many settled sales went back to the outbox to be sent again because the epoch changed.
    /// </summary>
    private async Task<int> FollowLedgerAsync(BatchResponse answer)
    {
        if (answer.LedgerEpoch is not { } epoch)
        {
            await outbox.AdvanceCursorAsync(answer.AckedThrough);
            return 0;
        }

        var resent = await outbox.FollowLedgerEpochAsync(epoch, answer.AckedThrough);
        if (resent > 0)
        {
            _resent += resent;
            Report($"progress resend ledgerEpoch={epoch} ackedThrough={answer.AckedThrough} count={resent}");
        }

        return resent;
    }

    /// <summary>
    /// API 1.1: a duplicate is a charge, whether the seq went through a batch before or was approved online; a
    /// seq the server had declined online is settled by the batch (applied), so no sale is written off.
    /// </summary>
    private static Settlement Settle(OutboxEntry entry, OfflineResult result) =>
        result.Status == Wire.WireNames.OfflineStatus.Rejected
            ? new Settlement(entry, SaleStates.Rejected, result.Reason)
            : new Settlement(entry, SaleStates.Applied, null);

    private void Report(FormattableString line) => Progress?.Invoke(FormattableString.Invariant(line));

    private async Task<int> RefreshSnapshotAsync(CancellationToken cancellation)
    {
        var startedAt = time.GetUtcNow();
        var wallets = 0;
        var since = await snapshot.VersionAsync();
        while (true)
        {
            var page = await gateway.GetSnapshotAsync(since, cancellation);
            await snapshot.ApplyPageAsync(page.Wallets, page.Version, page.QrPublicKey, page.WristbandCredential, page.Catalog);
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

using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Holders;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.CashOut;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Storage;
using Microsoft.Extensions.Options;

namespace FestivalPos.Grains.CashOut;

/// <summary>
/// The single writer of the cash-out desk's stream. Not reentrant: two batches are never made at once, so a wallet is in
/// one batch at a time. It calls wallets and never the other way round. A batch is opened durably (its id and wallets)
/// before any wallet is debited, so a retry after any failure settles the same batch with the same payout ids, and
/// the wallets dedupe by payout id.
/// </summary>
public sealed class CashOutDeskGrain(IEventStore store, Keys.KeyRing keys, TimeProvider time, HolderDataVault holders, IOptions<CashOutOptions> options)
    : Grain, ICashOutDeskGrain
{
    public const string StreamId = "cashout/desk";

    private EventStream<CashOutDeskState, CashOutDeskEvent> _stream = null!;

    private DateTimeOffset Now => time.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<CashOutDeskState, CashOutDeskEvent>(store, keys.Chain, StreamId, new CashOutDeskState());
        return _stream.RefreshAsync();
    }

    public async Task<CashOutResult> Request(string walletId)
    {
        if (!LedgerLimits.IsValidId(walletId))
        {
            return new CashOutResult(CashOutOutcome.InvalidInput, 0, 0, null);
        }

        // The wallet records the request first; queueing it again after a failure in between is harmless.
        var result = await GrainFactory.Reference<IWalletGrain>(walletId).RequestCashOut();
        if (result.Outcome is CashOutOutcome.Requested or CashOutOutcome.AlreadyRequested)
        {
            await _stream.DecideAsync(state => state.IsWaiting(walletId)
                ? Decision<CashOutDeskEvent, bool>.Answer(false)
                : new Decision<CashOutDeskEvent, bool>([new CashOutQueued(walletId, Now)], true));
        }

        return result;
    }

    /// <summary>
    /// The desk is not reentrant, so a withdrawal and a batch never interleave here: the batch either took the request
    /// before (409 in batch, then paid or skipped by it) or finds it gone. The wallet decides first and refuses once a
    /// payout debited it, so even a batch from another activation cannot both pay and see the request withdrawn.
    /// </summary>
    public async Task<CashOutWithdrawalOutcome> Withdraw(string walletId)
    {
        if (!LedgerLimits.IsValidId(walletId))
        {
            return CashOutWithdrawalOutcome.InvalidInput;
        }

        await _stream.RefreshAsync();
        if (_stream.State.IsInBatch(walletId))
        {
            return CashOutWithdrawalOutcome.InBatch;
        }

        var outcome = await GrainFactory.Reference<IWalletGrain>(walletId).WithdrawCashOut();
        // NotRequested with the request still open here: the wallet withdrew it before a failure kept the desk behind.
        if (outcome is CashOutWithdrawalOutcome.Withdrawn or CashOutWithdrawalOutcome.NotRequested)
        {
            await _stream.DecideAsync(state => state.IsOpen(walletId)
                ? new Decision<CashOutDeskEvent, bool>([new CashOutWithdrawalRecorded(walletId, Now)], true)
                : Decision<CashOutDeskEvent, bool>.Answer(false));
        }

        return outcome;
    }

    public async Task<PayoutBatchResult> OpenBatch(string batchId)
    {
        if (!LedgerLimits.IsValidId(batchId))
        {
            return new PayoutBatchResult(PayoutBatchOutcome.InvalidInput, null);
        }

        var outcome = await _stream.DecideAsync(state =>
        {
            if (state.Batches.ContainsKey(batchId))
            {
                return Decision<CashOutDeskEvent, PayoutBatchOutcome>.Answer(PayoutBatchOutcome.Existing);
            }

            var wallets = state.Open.Take(options.Value.MaxBatchSize).ToArray();
            return wallets.Length == 0
                ? Decision<CashOutDeskEvent, PayoutBatchOutcome>.Answer(PayoutBatchOutcome.NothingToPay)
                : new Decision<CashOutDeskEvent, PayoutBatchOutcome>([new PayoutBatchOpened(batchId, wallets, Now)], PayoutBatchOutcome.Created);
        });
        if (outcome == PayoutBatchOutcome.NothingToPay)
        {
            return new PayoutBatchResult(outcome, null);
        }

        await SettleAsync(_stream.State.Batches[batchId]);
        return new PayoutBatchResult(outcome, View(_stream.State.Batches[batchId]));
    }

    public async Task<PayoutBatchView?> GetBatch(string batchId)
    {
        await _stream.RefreshAsync();
        return _stream.State.Batches.TryGetValue(batchId, out var batch) ? View(batch) : null;
    }

    public async Task<PayoutDestination[]> GetDestinations(string batchId)
    {
        var batch = await GetBatch(batchId);
        var destinations = new List<PayoutDestination>();
        foreach (var payout in batch?.Payouts.Where(p => p.Status != PayoutStatus.Skipped) ?? [])
        {
            var data = (await holders.ReadAsync(payout.WalletId))?.Data;
            destinations.Add(new PayoutDestination(payout.PayoutId, data?.Name, data?.Iban, data?.Email));
        }

        return [.. destinations];
    }

    public async Task<PayoutConfirmOutcome> Confirm(string payoutId)
    {
        await _stream.RefreshAsync();
        if (!PayoutIds.TryParse(payoutId, out var batchId, out var walletId) || !_stream.State.Batches.TryGetValue(batchId, out var batch)
            || batch.Payouts?.FirstOrDefault(p => p.WalletId == walletId) is not { } payout)
        {
            return PayoutConfirmOutcome.NotFound;
        }

        if (payout.Outcome is not (PayoutOutcome.PaidOut or PayoutOutcome.Duplicate))
        {
            return PayoutConfirmOutcome.Skipped;
        }

        // The wallet first: once the desk shows it confirmed, the wallet's data may be erased, so the wallet must know.
        await GrainFactory.Reference<IWalletGrain>(walletId).ConfirmPayout(payoutId);
        return await _stream.DecideAsync(state => state.Batches[batchId].Confirmed.ContainsKey(walletId)
            ? Decision<CashOutDeskEvent, PayoutConfirmOutcome>.Answer(PayoutConfirmOutcome.AlreadyConfirmed)
            : new Decision<CashOutDeskEvent, PayoutConfirmOutcome>([new PayoutConfirmationRecorded(payoutId, Now)], PayoutConfirmOutcome.Confirmed));
    }

    /// <summary>Debits every wallet of the batch by its payout (a repeat answers duplicate) and records the outcomes once.</summary>
    private async Task SettleAsync(PayoutBatch batch)
    {
        if (batch.Payouts is not null)
        {
            return;
        }

        var results = await Task.WhenAll(batch.WalletIds.Select(walletId =>
            GrainFactory.Reference<IWalletGrain>(walletId).PayOut(PayoutIds.Of(batch.BatchId, walletId))));
        var payouts = batch.WalletIds.Zip(results, (walletId, result) => new SettledPayout(walletId, result.Outcome, result.Paid, result.Fee)).ToArray();
        await _stream.DecideAsync(state => state.Batches[batch.BatchId].Payouts is not null
            ? Decision<CashOutDeskEvent, bool>.Answer(false)
            : new Decision<CashOutDeskEvent, bool>([new PayoutBatchSettled(batch.BatchId, payouts, Now)], true));
    }

    private static PayoutBatchView View(PayoutBatch batch) => new(
        batch.BatchId,
        batch.CreatedAt,
        [.. (batch.Payouts ?? []).Select(payout => new PayoutLine(
            PayoutIds.Of(batch.BatchId, payout.WalletId),
            payout.WalletId,
            payout.Paid,
            payout.Fee,
            payout.Outcome is not (PayoutOutcome.PaidOut or PayoutOutcome.Duplicate) ? PayoutStatus.Skipped
                : batch.Confirmed.ContainsKey(payout.WalletId) ? PayoutStatus.Confirmed : PayoutStatus.Pending,
            payout.Outcome,
            batch.Confirmed.TryGetValue(payout.WalletId, out var confirmedAt) ? confirmedAt : null))]);
}

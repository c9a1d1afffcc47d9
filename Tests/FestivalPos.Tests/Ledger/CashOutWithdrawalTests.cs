using FestivalPos.Grains.CashOut;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.CashOut;
using FestivalPos.Grains.Interfaces.Holders;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;
using Orleans.Core.Internal;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

/// <summary>
/// Withdrawing a cash-out request through the grains of a cluster of its own (its desk sees only these wallets): no
/// later batch pays it, the wallet may ask again, erasure is allowed, and a withdrawal racing a payout has one outcome.
/// Each test leaves no request open.
/// </summary>
public sealed class CashOutWithdrawalTests(LedgerCluster ledger) : IClassFixture<LedgerCluster>
{
    private static readonly HolderData Holder = new("Ana Lopez", "ana@example.org", "DE89 3704 0044 0532 0130 00");
    private readonly IGrainFactory _grains = ledger.Grains;

    private ICashOutDeskGrain Desk => _grains.GetGrain<ICashOutDeskGrain>(ICashOutDeskGrain.Key);

    [Fact]
    public async Task A_withdrawn_request_is_not_paid_by_a_later_batch_and_the_wallet_may_ask_again()
    {
        var walletId = await RequestedWalletAsync(1_000);
        var wallet = _grains.GetGrain<IWalletGrain>(walletId);

        (await Desk.Withdraw(walletId)).Should().Be(CashOutWithdrawalOutcome.Withdrawn);
        (await Desk.Withdraw(walletId)).Should().Be(CashOutWithdrawalOutcome.NotRequested);
        (await wallet.GetCashOut()).Should().BeNull();
        (await Desk.OpenBatch(NewId("batch"))).Outcome.Should().Be(PayoutBatchOutcome.NothingToPay, "the withdrawn request waits no more");
        (await wallet.GetView())!.Balance.Should().Be(1_000);

        (await Desk.Request(walletId)).Outcome.Should().Be(CashOutOutcome.Requested);
        var batch = (await Desk.OpenBatch(NewId("batch"))).Batch!;

        batch.Payouts.Should().ContainSingle().Which.Should().Match<PayoutLine>(p => p.WalletId == walletId && p.Status == PayoutStatus.Pending && p.Paid == 1_000);
        (await Desk.Withdraw(walletId)).Should().Be(CashOutWithdrawalOutcome.AlreadyPaidOut);
        (await wallet.GetView())!.Balance.Should().Be(0);
        (await Desk.Withdraw(NewId("w-absent"))).Should().Be(CashOutWithdrawalOutcome.WalletNotFound);
        (await Desk.Withdraw("bad id")).Should().Be(CashOutWithdrawalOutcome.InvalidInput);
        await ledger.Invariants.AssertHoldAsync();
    }

    [Fact]
    public async Task The_holder_data_may_be_erased_once_the_request_is_withdrawn()
    {
        var walletId = await RequestedWalletAsync(500);
        var holder = _grains.GetGrain<IWalletHolderGrain>(walletId);
        (await holder.Erase()).Outcome.Should().Be(HolderOutcome.CashOutPending);

        (await Desk.Withdraw(walletId)).Should().Be(CashOutWithdrawalOutcome.Withdrawn);

        (await holder.Erase()).Outcome.Should().Be(HolderOutcome.Done);
    }

    [Fact]
    public async Task A_request_a_batch_took_before_a_crash_cannot_be_withdrawn_and_the_batch_pays_it()
    {
        var walletId = await RequestedWalletAsync(700);
        var batchId = NewId("batch");
        // What a crash after opening the batch and before any payout leaves: the batch holds the wallet, nothing is paid.
        var desk = new EventStream<CashOutDeskState, CashOutDeskEvent>(ledger.Store, ledger.Keys.Chain, CashOutDeskGrain.StreamId, new CashOutDeskState());
        await desk.RefreshAsync();
        await desk.DecideAsync(_ => new Decision<CashOutDeskEvent, bool>([new PayoutBatchOpened(batchId, [walletId], DateTimeOffset.UtcNow)], true));
        await Desk.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        (await Desk.Withdraw(walletId)).Should().Be(CashOutWithdrawalOutcome.InBatch);
        (await _grains.GetGrain<IWalletGrain>(walletId).GetCashOut()).Should().NotBeNull("nothing was withdrawn");
        var batch = (await Desk.OpenBatch(batchId)).Batch!;

        batch.Payouts.Should().ContainSingle().Which.Status.Should().Be(PayoutStatus.Pending);
        (await Desk.Withdraw(walletId)).Should().Be(CashOutWithdrawalOutcome.AlreadyPaidOut);
    }

    [Fact]
    public async Task Withdrawals_racing_payout_batches_end_with_exactly_one_outcome_per_wallet()
    {
        for (var round = 0; round < 4; round++)
        {
            var wallets = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                wallets.Add(await RequestedWalletAsync(900));
            }

            // Batches and withdrawals sent at once, interleaved: some withdrawals reach the desk before a batch, some after.
            var batches = new[] { Desk.OpenBatch(NewId("batch")), Desk.OpenBatch(NewId("batch")) };
            var withdrawals = new Task<CashOutWithdrawalOutcome>[wallets.Count];
            for (var i = 0; i < wallets.Count; i++)
            {
                withdrawals[i] = Desk.Withdraw(wallets[i]);
                if (i == wallets.Count / 2)
                {
                    batches = [.. batches, Desk.OpenBatch(NewId("batch"))];
                }
            }

            await Task.WhenAll(Task.WhenAll(batches), Task.WhenAll(withdrawals));

            var payouts = (await Task.WhenAll(batches)).Where(b => b.Batch is not null).SelectMany(b => b.Batch!.Payouts).ToList();
            for (var i = 0; i < wallets.Count; i++)
            {
                await AssertOneOutcomeAsync(wallets[i], payouts, await withdrawals[i]);
            }
        }

        (await Desk.OpenBatch(NewId("batch"))).Outcome.Should().Be(PayoutBatchOutcome.NothingToPay, "every wallet was paid or withdrawn");
        await ledger.Invariants.AssertHoldAsync();
    }

    [Fact]
    public async Task At_the_wallet_a_withdrawal_and_a_payout_at_once_end_with_exactly_one_outcome()
    {
        var paidOut = new List<string>();
        for (var round = 0; round < 8; round++)
        {
            var walletId = await RequestedWalletAsync(900);
            var wallet = _grains.GetGrain<IWalletGrain>(walletId);

            // Straight to the wallet, past the desk: the wallet alone decides between the two.
            var payout = wallet.PayOut(PayoutIds.Of(NewId("batch"), walletId));
            var withdrawal = wallet.WithdrawCashOut();
            await Task.WhenAll(payout, withdrawal);

            var paid = (await payout).Outcome == PayoutOutcome.PaidOut;
            (await withdrawal).Should().Be(paid ? CashOutWithdrawalOutcome.AlreadyPaidOut : CashOutWithdrawalOutcome.Withdrawn);
            (await payout).Outcome.Should().Be(paid ? PayoutOutcome.PaidOut : PayoutOutcome.NotRequested);
            (await wallet.GetView())!.Balance.Should().Be(paid ? 0 : 900);
            if (paid)
            {
                paidOut.Add(walletId);
            }
            else
            {
                // The desk still holds the request the wallet withdrew: a withdrawal through it catches up.
                (await Desk.Withdraw(walletId)).Should().Be(CashOutWithdrawalOutcome.NotRequested);
            }
        }

        // The desk never saw the payouts made past it: its next batch finds those wallets paid and pays nothing again.
        var sweep = await Desk.OpenBatch(NewId("batch"));
        (sweep.Batch?.Payouts ?? []).Should().OnlyContain(p => p.Outcome == PayoutOutcome.AlreadyPaidOut && p.Status == PayoutStatus.Skipped);
        (sweep.Batch?.Payouts ?? []).Select(p => p.WalletId).Should().BeEquivalentTo(paidOut, "no withdrawn request is left at the desk");
        await ledger.Invariants.AssertHoldAsync();
    }

    /// <summary>Paid by the batch and the withdrawal refused, or withdrawn and not paid: never both, never neither.</summary>
    private async Task AssertOneOutcomeAsync(string walletId, List<PayoutLine> payouts, CashOutWithdrawalOutcome withdrawal)
    {
        var wallet = _grains.GetGrain<IWalletGrain>(walletId);
        var paid = payouts.Count(p => p.WalletId == walletId && p.Status == PayoutStatus.Pending) switch
        {
            0 => false,
            1 => true,
            _ => throw new InvalidOperationException($"Wallet {walletId} is paid by more than one payout."),
        };
        var history = (await wallet.GetHistory(0, 100))!;
        if (paid)
        {
            withdrawal.Should().BeOneOf(CashOutWithdrawalOutcome.AlreadyPaidOut, CashOutWithdrawalOutcome.InBatch);
            (await wallet.GetView())!.Balance.Should().Be(0);
            history.Entries.Where(e => e.Kind == EntryKind.Adjustment).Should().ContainSingle();
        }
        else
        {
            withdrawal.Should().Be(CashOutWithdrawalOutcome.Withdrawn);
            (await wallet.GetView())!.Balance.Should().Be(900);
            history.Entries.Should().NotContain(e => e.Kind == EntryKind.Adjustment);
            (await wallet.GetCashOut()).Should().BeNull();
        }
    }

    private async Task<string> RequestedWalletAsync(long balance)
    {
        var (walletId, _) = await _grains.NewWalletAsync(balance);
        (await _grains.GetGrain<IWalletHolderGrain>(walletId).Set(Holder)).Outcome.Should().Be(HolderOutcome.Done);
        (await Desk.Request(walletId)).Outcome.Should().Be(CashOutOutcome.Requested);
        return walletId;
    }
}

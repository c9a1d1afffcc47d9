using FestivalPos.Grains.CashOut;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.CashOut;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Wallets;

/// <summary>
/// The cash-out rules of one wallet, pure functions of its state so they can be tested without a cluster: who may
/// ask, and what a payout debits. Whoever asks (an organizer now, the attendee later) goes through these.
/// </summary>
public static class CashOutRules
{
    /// <summary>
    /// A request needs the window open, a payout destination (IBAN or email) in the holder data, an active wallet and
    /// a balance above the fee. A repeat answers the first request; a wallet paid out cannot ask again.
    /// </summary>
    public static Decision<WalletEvent, CashOutResult> DecideRequest(WalletState state, bool hasPayoutDestination, CashOutOptions options, DateTimeOffset now)
    {
        CashOutResult Answer(CashOutOutcome outcome) => new(outcome, state.Balance, state.CashOut?.Fee ?? options.Fee, state.CashOut?.RequestedAt);

        var refusal = !state.Exists ? CashOutOutcome.WalletNotFound
            : state.CashOut is { PayoutId: not null } ? CashOutOutcome.AlreadyPaidOut
            : state.CashOut is not null ? CashOutOutcome.AlreadyRequested
            : now < options.OpensAt ? CashOutOutcome.NotOpenYet
            : now > options.Deadline ? CashOutOutcome.DeadlinePassed
            : state.Status == WalletStatus.Blocked ? CashOutOutcome.WalletBlocked
            : !hasPayoutDestination ? CashOutOutcome.NoPayoutDestination
            : state.Balance <= options.Fee ? CashOutOutcome.BalanceTooLow
            : (CashOutOutcome?)null;
        if (refusal is { } outcome)
        {
            return Decision<WalletEvent, CashOutResult>.Answer(Answer(outcome));
        }

        return new([new CashOutRequested(options.Fee, now)], new CashOutResult(CashOutOutcome.Requested, state.Balance, options.Fee, now));
    }

    /// <summary>
    /// A payout debits the whole balance as it is now (late offline charges included), paying the holder that less the
    /// fee of the request: never more than the wallet holds, never below zero. An overdrawn, blocked or too small
    /// balance is skipped and nothing moves. One payout per wallet: a repeat of it answers duplicate, another is refused.
    /// </summary>
    public static Decision<WalletEvent, PayoutResult> DecidePayout(WalletState state, string payoutId, DateTimeOffset now)
    {
        PayoutResult Answer(PayoutOutcome outcome, long paid = 0, long fee = 0) => new(payoutId, outcome, paid, fee, state.Balance);

        var refusal = !state.Exists ? PayoutOutcome.WalletNotFound
            : state.CashOut is null ? PayoutOutcome.NotRequested
            : state.CashOut.PayoutId == payoutId ? PayoutOutcome.Duplicate
            : state.CashOut.PayoutId is not null ? PayoutOutcome.AlreadyPaidOut
            : state.Balance < 0 ? PayoutOutcome.Overdrawn
            : state.Status == WalletStatus.Blocked ? PayoutOutcome.WalletBlocked
            : state.Balance <= state.CashOut.Fee ? PayoutOutcome.BalanceTooLow
            : (PayoutOutcome?)null;
        if (refusal == PayoutOutcome.Duplicate)
        {
            return Decision<WalletEvent, PayoutResult>.Answer(Answer(PayoutOutcome.Duplicate, state.CashOut!.Paid, state.CashOut.Fee));
        }

        if (refusal is { } outcome)
        {
            return Decision<WalletEvent, PayoutResult>.Answer(Answer(outcome));
        }

        var fee = state.CashOut!.Fee;
        var debit = state.Balance;
        return new(
            [new CashedOut(payoutId, debit, fee, BalanceAfter: 0, now)],
            new PayoutResult(payoutId, PayoutOutcome.PaidOut, debit - fee, fee, 0));
    }

    /// <summary>
    /// A request may be withdrawn until a payout debits the wallet; after that the money has left and the answer is
    /// <see cref="CashOutWithdrawalOutcome.AlreadyPaidOut"/>. Without a request there is nothing to withdraw.
    /// </summary>
    public static Decision<WalletEvent, CashOutWithdrawalOutcome> DecideWithdrawal(WalletState state, DateTimeOffset now)
    {
        var refusal = !state.Exists ? CashOutWithdrawalOutcome.WalletNotFound
            : state.CashOut is null ? CashOutWithdrawalOutcome.NotRequested
            : state.CashOut.PayoutId is not null ? CashOutWithdrawalOutcome.AlreadyPaidOut
            : (CashOutWithdrawalOutcome?)null;
        return refusal is { } outcome
            ? Decision<WalletEvent, CashOutWithdrawalOutcome>.Answer(outcome)
            : new([new CashOutWithdrawn(now)], CashOutWithdrawalOutcome.Withdrawn);
    }

    /// <summary>Only the payout that paid the wallet can be confirmed; a second confirmation changes nothing.</summary>
    public static Decision<WalletEvent, bool> DecideConfirmation(WalletState state, string payoutId, DateTimeOffset now) =>
        state.CashOut is not { PayoutId: { } paidBy } cashOut || paidBy != payoutId ? Decision<WalletEvent, bool>.Answer(false)
        : cashOut.ConfirmedAt is not null ? Decision<WalletEvent, bool>.Answer(true)
        : new([new PayoutConfirmed(payoutId, now)], true);
}

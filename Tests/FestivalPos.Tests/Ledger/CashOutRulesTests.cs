using FestivalPos.Grains.CashOut;
using FestivalPos.Grains.Interfaces.CashOut;
using FestivalPos.Grains.Wallets;

namespace FestivalPos.Tests.Ledger;

/// <summary>The cash-out rules of one wallet, on states built from events: no cluster.</summary>
public sealed class CashOutRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 21, 9, 0, 0, TimeSpan.Zero);
    private static readonly CashOutOptions Options = new() { Fee = 200, OpensAt = At.AddDays(-1), Deadline = At.AddDays(30) };

    public static TheoryData<string, long, bool, bool, DateTimeOffset, CashOutOutcome> Requests => new()
    {
        { "within the window, with a destination", 1_000, true, false, At, CashOutOutcome.Requested },
        { "before the window opens", 1_000, true, false, At.AddDays(-2), CashOutOutcome.NotOpenYet },
        { "after the deadline", 1_000, true, false, At.AddDays(31), CashOutOutcome.DeadlinePassed },
        { "without an IBAN or email", 1_000, false, false, At, CashOutOutcome.NoPayoutDestination },
        { "with the balance equal to the fee", 200, true, false, At, CashOutOutcome.BalanceTooLow },
        { "with the balance below the fee", 150, true, false, At, CashOutOutcome.BalanceTooLow },
        { "with an empty wallet", 0, true, false, At, CashOutOutcome.BalanceTooLow },
        { "from a blocked wallet", 1_000, true, true, At, CashOutOutcome.WalletBlocked },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void A_request_is_recorded_only_when_every_rule_allows_it(string because, long balance, bool destination, bool blocked, DateTimeOffset now, CashOutOutcome expected)
    {
        var state = Wallet(balance, blocked);

        var decision = CashOutRules.DecideRequest(state, destination, Options, now);

        decision.Result.Outcome.Should().Be(expected, because);
        decision.Events.Should().HaveCount(expected == CashOutOutcome.Requested ? 1 : 0, "a refused request records nothing");
    }

    [Fact]
    public void A_repeat_answers_the_first_request_with_its_fee()
    {
        var state = Requested(1_000);

        var repeat = CashOutRules.DecideRequest(state, hasPayoutDestination: true, new CashOutOptions { Fee = 500 }, At.AddHours(1));

        repeat.Result.Should().Be(new CashOutResult(CashOutOutcome.AlreadyRequested, 1_000, 200, At));
        repeat.Events.Should().BeEmpty();
    }

    [Fact]
    public void A_payout_debits_the_whole_balance_and_pays_it_less_the_fee()
    {
        var state = Requested(1_000);

        var decision = CashOutRules.DecidePayout(state, "b-1:w-1", At);

        decision.Result.Should().Be(new PayoutResult("b-1:w-1", PayoutOutcome.PaidOut, 800, 200, 0));
        decision.Events.Should().Equal(new CashedOut("b-1:w-1", 1_000, 200, 0, At));
    }

    [Fact]
    public void A_payout_pays_what_the_wallet_holds_when_it_debits_it_after_late_charges()
    {
        var state = Requested(1_000);
        Apply(state, new ChargeApproved("d-1:1", "d-1", 1, 300, Fingerprint(300), "2026-07-20T23:00:00Z", true, 700, At));

        CashOutRules.DecidePayout(state, "b-1:w-1", At).Result.Paid.Should().Be(500, "700 held, 200 fee");
    }

    [Theory]
    [InlineData(-100, false, PayoutOutcome.Overdrawn)]
    [InlineData(200, false, PayoutOutcome.BalanceTooLow)]
    [InlineData(150, false, PayoutOutcome.BalanceTooLow)]
    [InlineData(1_000, true, PayoutOutcome.WalletBlocked)]
    public void A_wallet_that_cannot_be_paid_at_batch_time_is_skipped_and_nothing_moves(long balanceAtBatch, bool blocked, PayoutOutcome expected)
    {
        var state = Requested(1_000);
        Apply(state, new ChargeApproved("d-1:1", "d-1", 1, 1_000 - balanceAtBatch, Fingerprint(1_000 - balanceAtBatch), "2026-07-20T23:00:00Z", true, balanceAtBatch, At));
        if (blocked)
        {
            Apply(state, new WalletBlocked(At));
        }

        var decision = CashOutRules.DecidePayout(state, "b-1:w-1", At);

        decision.Result.Outcome.Should().Be(expected);
        decision.Events.Should().BeEmpty();
    }

    [Fact]
    public void A_wallet_is_paid_out_once()
    {
        var state = Requested(1_000);
        Apply(state, CashOutRules.DecidePayout(state, "b-1:w-1", At).Events.Single());

        var repeat = CashOutRules.DecidePayout(state, "b-1:w-1", At);
        var another = CashOutRules.DecidePayout(state, "b-2:w-1", At);
        var request = CashOutRules.DecideRequest(state, hasPayoutDestination: true, Options, At);

        repeat.Result.Should().Be(new PayoutResult("b-1:w-1", PayoutOutcome.Duplicate, 800, 200, 0));
        another.Result.Outcome.Should().Be(PayoutOutcome.AlreadyPaidOut);
        request.Result.Outcome.Should().Be(CashOutOutcome.AlreadyPaidOut);
        new[] { repeat, another }.Should().OnlyContain(d => d.Events.Count == 0);
        state.Entries[^1].Should().Match<Grains.Interfaces.Wallets.WalletEntry>(e =>
            e.Kind == Grains.Interfaces.Wallets.EntryKind.Adjustment && e.Amount == -1_000 && e.TxId == "b-1:w-1" && e.BalanceAfter == 0);
    }

    [Fact]
    public void A_wallet_without_a_request_is_not_paid_and_only_its_payout_is_confirmed()
    {
        CashOutRules.DecidePayout(Wallet(1_000, blocked: false), "b-1:w-1", At).Result.Outcome.Should().Be(PayoutOutcome.NotRequested);

        var state = Requested(1_000);
        Apply(state, CashOutRules.DecidePayout(state, "b-1:w-1", At).Events.Single());
        CashOutRules.DecideConfirmation(state, "b-2:w-1", At).Result.Should().BeFalse();
        var confirmed = CashOutRules.DecideConfirmation(state, "b-1:w-1", At);
        confirmed.Result.Should().BeTrue();
        Apply(state, confirmed.Events.Single());
        CashOutRules.DecideConfirmation(state, "b-1:w-1", At).Events.Should().BeEmpty("a second confirmation changes nothing");
        state.CashOut!.IsPending.Should().BeFalse();
    }

    [Fact]
    public void A_request_is_withdrawn_until_a_payout_debits_the_wallet_and_may_be_made_again()
    {
        var state = Requested(1_000);

        var withdrawal = CashOutRules.DecideWithdrawal(state, At);
        withdrawal.Result.Should().Be(CashOutWithdrawalOutcome.Withdrawn);
        withdrawal.Events.Should().Equal(new CashOutWithdrawn(At));
        Apply(state, withdrawal.Events.Single());

        state.CashOut.Should().BeNull();
        CashOutRules.DecideWithdrawal(state, At).Result.Should().Be(CashOutWithdrawalOutcome.NotRequested);
        CashOutRules.DecidePayout(state, "b-1:w-1", At).Result.Outcome.Should().Be(PayoutOutcome.NotRequested, "a withdrawn request is not paid");
        var again = CashOutRules.DecideRequest(state, hasPayoutDestination: true, new CashOutOptions { Fee = 300 }, At.AddHours(1));
        again.Result.Should().Be(new CashOutResult(CashOutOutcome.Requested, 1_000, 300, At.AddHours(1)), "a new request takes the fee of its own time");
    }

    [Fact]
    public void A_paid_out_wallet_or_one_without_a_request_has_nothing_to_withdraw()
    {
        var paid = Requested(1_000);
        Apply(paid, CashOutRules.DecidePayout(paid, "b-1:w-1", At).Events.Single());

        CashOutRules.DecideWithdrawal(paid, At).Result.Should().Be(CashOutWithdrawalOutcome.AlreadyPaidOut);
        CashOutRules.DecideWithdrawal(Wallet(1_000, blocked: false), At).Result.Should().Be(CashOutWithdrawalOutcome.NotRequested);
        CashOutRules.DecideWithdrawal(new WalletState(), At).Result.Should().Be(CashOutWithdrawalOutcome.WalletNotFound);
        CashOutRules.DecideWithdrawal(paid, At).Events.Should().BeEmpty();
    }

    [Fact]
    public void Options_that_cannot_be_meant_are_refused_at_start()
    {
        new CashOutOptions().IsValid.Should().BeTrue("no fee and no window: requests are always taken");
        new CashOutOptions { Fee = -1 }.IsValid.Should().BeFalse();
        new CashOutOptions { OpensAt = At, Deadline = At }.IsValid.Should().BeFalse("the window must open before its deadline");
        new CashOutOptions { MaxBatchSize = 0 }.IsValid.Should().BeFalse();
    }

    private static string Fingerprint(long amount) => $"w-1|{amount}|2026-07-20T23:00:00Z|Nfc|ZGlnZXN0";

    private static WalletState Wallet(long balance, bool blocked)
    {
        var state = new WalletState();
        Apply(state, new WalletCreated(At));
        if (balance > 0)
        {
            Apply(state, new TopUpApplied("t-1", balance, balance, At));
        }

        if (blocked)
        {
            Apply(state, new WalletBlocked(At));
        }

        return state;
    }

    private static WalletState Requested(long balance)
    {
        var state = Wallet(balance, blocked: false);
        Apply(state, CashOutRules.DecideRequest(state, hasPayoutDestination: true, Options, At).Events.Single());
        return state;
    }

    private static void Apply(WalletState state, WalletEvent @event) => state.Apply(@event, state.Entries.Count + 100, "hash");
}

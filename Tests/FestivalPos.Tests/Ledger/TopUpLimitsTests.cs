using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Wallets;

namespace FestivalPos.Tests.Ledger;

/// <summary><c>Wallets:MaxTopUp</c> and <c>Wallets:MaxBalance</c>: the wallet's rule, at and around each cap.</summary>
public sealed class TopUpLimitsTests
{
    private static readonly WalletLimitsOptions Caps = new() { MaxTopUp = 1_000, MaxBalance = 5_000 };

    [Theory]
    [InlineData(0, 1_000, TopUpOutcome.Applied)]
    [InlineData(0, 1_001, TopUpOutcome.OverTopUpLimit)]
    [InlineData(4_000, 1_000, TopUpOutcome.Applied)]
    [InlineData(4_001, 1_000, TopUpOutcome.OverBalanceLimit)]
    [InlineData(4_500, 1_001, TopUpOutcome.OverTopUpLimit)]
    [InlineData(-2_000, 1_000, TopUpOutcome.Applied)]
    public void A_top_up_is_credited_only_within_both_caps(long balance, long amount, TopUpOutcome expected)
    {
        var decision = WalletRules.DecideTopUp(WalletWith(balance), new TopUpRequest("t-new", "w", amount), Caps, DateTimeOffset.UtcNow);

        decision.Result.Outcome.Should().Be(expected);
        decision.Events.Should().HaveCount(expected == TopUpOutcome.Applied ? 1 : 0, "a refused top-up records nothing");
        decision.Result.Limit.Should().Be(expected switch
        {
            TopUpOutcome.OverTopUpLimit => 1_000,
            TopUpOutcome.OverBalanceLimit => 5_000,
            _ => 0,
        });
    }

    [Fact]
    public void A_repeat_of_an_applied_top_up_answers_duplicate_even_after_the_caps_were_lowered()
    {
        var wallet = WalletWith(3_000);

        var repeat = WalletRules.DecideTopUp(wallet, new TopUpRequest("t-0", "w", 3_000), new WalletLimitsOptions { MaxTopUp = 100, MaxBalance = 100 }, DateTimeOffset.UtcNow);

        repeat.Result.Should().Be(new TopUpResult("t-0", TopUpOutcome.Duplicate, 3_000));
    }

    [Fact]
    public void Without_caps_only_the_ledger_maximum_bounds_a_top_up()
    {
        WalletRules.DecideTopUp(WalletWith(90_000_000), new TopUpRequest("t-new", "w", 100_000_000), new WalletLimitsOptions(), DateTimeOffset.UtcNow)
            .Result.Outcome.Should().Be(TopUpOutcome.Applied);
    }

    [Theory]
    [InlineData(1_000L, 5_000L, true)]
    [InlineData(5_000L, 5_000L, true)]
    [InlineData(null, 5_000L, true)]
    [InlineData(1_000L, null, true)]
    [InlineData(5_001L, 5_000L, false)]
    [InlineData(0L, null, false)]
    [InlineData(null, -1L, false)]
    public void The_caps_are_positive_and_a_top_up_cap_above_the_balance_cap_is_refused(long? maxTopUp, long? maxBalance, bool valid)
    {
        new WalletLimitsOptions { MaxTopUp = maxTopUp, MaxBalance = maxBalance }.IsValid.Should().Be(valid);
    }

    /// <summary>An existing wallet holding <paramref name="balance"/>, from a top-up (or an offline overdraft) of its own.</summary>
    private static WalletState WalletWith(long balance)
    {
        var state = new WalletState();
        var now = DateTimeOffset.UtcNow;
        state.Apply(new WalletCreated(now), 1, "");
        state.Apply(new TopUpApplied("t-0", balance, balance, now), 2, "");
        return state;
    }
}

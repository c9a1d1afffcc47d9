using FestivalPos.Grains.Interfaces.TopUps;

namespace FestivalPos.Grains.Wallets;

/// <summary>
/// <c>Wallets:MaxTopUp</c> and <c>Wallets:MaxBalance</c>, in minor units: the most one top-up may credit and the most a
/// wallet may hold after a top-up. Unset, only <c>Ledger:MaxAmount</c> bounds a top-up. Festivals cap both, so that a
/// mistyped amount or a leaked top-up credential cannot park a fortune on one wristband, and cash-out stays bounded.
/// Offline charges, refunds and adjustments are not top-ups: the caps never block them.
/// </summary>
public sealed class WalletLimitsOptions
{
    public const string SectionName = "Wallets";

    public long? MaxTopUp { get; set; }

    public long? MaxBalance { get; set; }

    public bool IsValid => MaxTopUp is null or > 0 && MaxBalance is null or > 0 && !(MaxTopUp > MaxBalance);

    /// <summary>Why a top-up of <paramref name="amount"/> onto <paramref name="balance"/> is refused, or null when it is within the caps.</summary>
    public TopUpOutcome? Refusal(long balance, long amount) =>
        amount > MaxTopUp ? TopUpOutcome.OverTopUpLimit
        : balance + amount > MaxBalance ? TopUpOutcome.OverBalanceLimit
        : null;

    /// <summary>The cap a refusal names: the top-up maximum or the balance maximum.</summary>
    public long LimitOf(TopUpOutcome refusal) => refusal == TopUpOutcome.OverTopUpLimit ? MaxTopUp!.Value : MaxBalance!.Value;
}

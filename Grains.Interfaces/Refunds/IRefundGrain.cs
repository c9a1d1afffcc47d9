using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Interfaces.Refunds;

/// <summary>
/// Owns one refundId across all wallets, so the same id can never give back money twice, on two wallets or two
/// charges. Keyed by refundId.
/// </summary>
[Alias("FestivalPos.IRefundGrain")]
public interface IRefundGrain : IGrainWithStringKey
{
    [Alias("Apply")]
    Task<RefundResult> Apply(string walletId, RefundRequest request);
}

using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Refunds;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Refunds;

/// <summary>What a refundId was first used for: this charge of this wallet, and this amount.</summary>
public sealed record RefundClaim(string WalletId, string ChargeTxId, long Amount);

/// <summary>
/// Owns one refundId. The claim is durable before the wallet is credited, so a retry after any failure completes the
/// same refund; the wallet dedupes by refundId as well. A refund the wallet would refuse takes no claim, so the
/// caller may correct it and send the same id again.
/// </summary>
public sealed class RefundGrain(IEventStore store, Keys.KeyRing keys, TimeProvider time) : Grain, IRefundGrain
{
    private EventStream<FirstValueState<RefundClaim>, ValueSet<RefundClaim>> _claim = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _claim = FirstValueStream.Open<RefundClaim>(store, keys.Chain, $"refund/{this.GetPrimaryKeyString()}");
        return _claim.RefreshAsync();
    }

    public async Task<RefundResult> Apply(string walletId, RefundRequest request)
    {
        if (!WalletRules.IsValid(request) || request.RefundId != this.GetPrimaryKeyString())
        {
            return new RefundResult(request.RefundId, RefundOutcome.InvalidInput, 0, 0);
        }

        await _claim.RefreshAsync();
        var wallet = GrainFactory.Reference<IWalletGrain>(walletId);
        var wanted = new RefundClaim(walletId, request.ChargeTxId, request.Amount);
        if (_claim.State.Value is null && await wallet.CheckRefund(request) is { Outcome: not RefundOutcome.Applied } refused)
        {
            return refused;
        }

        var claim = await _claim.GetOrSetAsync(wanted, time.GetUtcNow());
        return claim == wanted
            ? await wallet.Refund(request)
            : new RefundResult(request.RefundId, RefundOutcome.Conflict, 0, 0);
    }
}

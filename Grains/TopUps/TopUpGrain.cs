using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;
using Microsoft.Extensions.Options;

namespace FestivalPos.Grains.TopUps;

/// <summary>What a topupId was first used for: this wallet and amount, claimed before the wallet is credited.</summary>
public sealed record TopUpClaim(string WalletId, long Amount);

/// <summary>
/// Owns one provider topupId. The claim is durable before the wallet is credited, so a retry after
/// any failure finds it and completes the same credit; the wallet dedupes by topupId as well.
/// </summary>
public sealed class TopUpGrain(IEventStore store, Keys.KeyRing keys, TimeProvider time, IOptions<WalletLimitsOptions> limits) : Grain, ITopUpGrain
{
    private EventStream<FirstValueState<TopUpClaim>, ValueSet<TopUpClaim>> _claim = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _claim = FirstValueStream.Open<TopUpClaim>(store, keys.Chain, $"topup/{this.GetPrimaryKeyString()}");
        return _claim.RefreshAsync();
    }

    public async Task<TopUpResult> Apply(TopUpRequest request)
    {
        if (!WalletRules.IsValid(request) || request.TopUpId != this.GetPrimaryKeyString())
        {
            return new TopUpResult(request.TopUpId, TopUpOutcome.InvalidInput, 0);
        }

        await _claim.RefreshAsync();
        var wallet = GrainFactory.Reference<IWalletGrain>(request.WalletId);
        var wanted = new TopUpClaim(request.WalletId, request.Amount);

        // An unknown wallet or a top-up over the caps takes no claim: the provider may create the wallet, or lower the
        // amount, and send the same id again. The wallet checks the caps again: a charge may land in between.
        if (_claim.State.Value is null)
        {
            if (await wallet.GetView() is not { } view)
            {
                return new TopUpResult(request.TopUpId, TopUpOutcome.WalletNotFound, 0);
            }

            if (limits.Value.Refusal(view.Balance, request.Amount) is { } refusal)
            {
                return new TopUpResult(request.TopUpId, refusal, view.Balance, limits.Value.LimitOf(refusal));
            }
        }

        var claim = await _claim.GetOrSetAsync(wanted, time.GetUtcNow());
        return claim == wanted
            ? await wallet.ApplyTopUp(request)
            : new TopUpResult(request.TopUpId, TopUpOutcome.Conflict, 0);
    }
}

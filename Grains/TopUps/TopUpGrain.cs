using System.Text.Json.Serialization;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Grains.TopUps;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TopUpClaimed), "topUpClaimed")]
public abstract record TopUpEvent(DateTimeOffset RecordedAt);

/// <summary>The topupId is taken by this wallet and amount, before the wallet is credited.</summary>
public sealed record TopUpClaimed(string WalletId, long Amount, DateTimeOffset RecordedAt) : TopUpEvent(RecordedAt);

public sealed class TopUpState : IStreamState<TopUpEvent>
{
    public TopUpClaimed? Claim { get; private set; }

    public void Apply(TopUpEvent @event, long version, string hash) =>
        Claim = @event as TopUpClaimed ?? throw new InvalidOperationException("Unknown top-up event.");
}

/// <summary>
/// Owns one provider topupId. The claim is durable before the wallet is credited, so a retry after
/// any failure finds it and completes the same credit; the wallet dedupes by topupId as well.
/// </summary>
public sealed class TopUpGrain(IEventStore store, TimeProvider time) : Grain, ITopUpGrain
{
    private EventStream<TopUpState, TopUpEvent> _stream = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<TopUpState, TopUpEvent>(store, $"topup/{this.GetPrimaryKeyString()}", new TopUpState());
        return _stream.RefreshAsync();
    }

    public async Task<TopUpResult> Apply(TopUpRequest request)
    {
        if (!WalletRules.IsValid(request) || request.TopUpId != this.GetPrimaryKeyString())
        {
            return new TopUpResult(request.TopUpId, TopUpOutcome.InvalidInput, 0);
        }

        await _stream.RefreshAsync();
        var wallet = GrainFactory.GetGrain<IWalletGrain>(request.WalletId);
        if (_stream.State.Claim is { } claim)
        {
            return claim.WalletId == request.WalletId && claim.Amount == request.Amount
                ? await wallet.ApplyTopUp(request)
                : new TopUpResult(request.TopUpId, TopUpOutcome.Conflict, 0);
        }

        // An unknown wallet takes no claim: the provider may create the wallet and send the same id again.
        if (await wallet.GetView() is null)
        {
            return new TopUpResult(request.TopUpId, TopUpOutcome.WalletNotFound, 0);
        }

        var claimed = await _stream.DecideAsync(state => state.Claim is null
            ? new Decision<TopUpEvent, bool>([new TopUpClaimed(request.WalletId, request.Amount, time.GetUtcNow())], true)
            : Decision<TopUpEvent, bool>.Answer(state.Claim.WalletId == request.WalletId && state.Claim.Amount == request.Amount));
        return claimed
            ? await wallet.ApplyTopUp(request)
            : new TopUpResult(request.TopUpId, TopUpOutcome.Conflict, 0);
    }
}

using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Wallets;

/// <summary>The owner of a wristband uid: the first wallet to claim it keeps it.</summary>
public sealed class WristbandGrain(IEventStore store, Keys.KeyRing keys, TimeProvider time) : Grain, IWristbandGrain
{
    private EventStream<FirstValueState<string>, ValueSet<string>> _owner = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _owner = FirstValueStream.Open<string>(store, keys.Chain, $"wristband/{this.GetPrimaryKeyString()}");
        return _owner.RefreshAsync();
    }

    public Task<string> Claim(string walletId) => _owner.GetOrSetAsync(walletId, time.GetUtcNow());

    public async Task<string?> GetOwner()
    {
        await _owner.RefreshAsync();
        return _owner.State.Value;
    }
}

using System.Text.Json.Serialization;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Wallets;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(WristbandClaimed), "wristbandClaimed")]
public abstract record WristbandEvent(DateTimeOffset RecordedAt);

public sealed record WristbandClaimed(string WalletId, DateTimeOffset RecordedAt) : WristbandEvent(RecordedAt);

public sealed class WristbandState : IStreamState<WristbandEvent>
{
    public string? Owner { get; private set; }

    public void Apply(WristbandEvent @event, long version, string hash) =>
        Owner = @event is WristbandClaimed claimed ? claimed.WalletId : throw new InvalidOperationException("Unknown wristband event.");
}

/// <summary>The owner of a wristband uid: the first wallet to claim it keeps it.</summary>
public sealed class WristbandGrain(IEventStore store, TimeProvider time) : Grain, IWristbandGrain
{
    private EventStream<WristbandState, WristbandEvent> _stream = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<WristbandState, WristbandEvent>(store, $"wristband/{this.GetPrimaryKeyString()}", new WristbandState());
        return _stream.RefreshAsync();
    }

    public Task<string> Claim(string walletId) =>
        _stream.DecideAsync(state => state.Owner is { } owner
            ? Decision<WristbandEvent, string>.Answer(owner)
            : new Decision<WristbandEvent, string>([new WristbandClaimed(walletId, time.GetUtcNow())], walletId));

    public async Task<string?> GetOwner()
    {
        await _stream.RefreshAsync();
        return _stream.State.Owner;
    }
}

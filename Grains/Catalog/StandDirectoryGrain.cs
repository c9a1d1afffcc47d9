using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Catalog;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Catalog;

/// <summary>Every stand id ever defined, in order; one small stream, since a festival has tens to hundreds of stands.</summary>
public sealed class StandDirectoryGrain(IEventStore store, Keys.KeyRing keys, TimeProvider time) : Grain, IStandDirectoryGrain
{
    private EventStream<StandDirectoryState, StandListed> _stream = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<StandDirectoryState, StandListed>(store, keys.Chain, "stands/" + this.GetPrimaryKeyString(), new StandDirectoryState());
        return _stream.RefreshAsync();
    }

    public Task Add(string standId) =>
        _stream.DecideAsync(state => state.Contains(standId)
            ? Decision<StandListed, bool>.Answer(true)
            : new Decision<StandListed, bool>([new StandListed(standId, time.GetUtcNow())], true));

    public async Task<string[]> GetStandIds()
    {
        await _stream.RefreshAsync();
        return [.. _stream.State.StandIds];
    }
}

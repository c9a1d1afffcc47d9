using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Catalog;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Catalog;

/// <summary>The single writer of one stand's catalog. Every change is an event, so what a stand sold at which price stays explainable.</summary>
public sealed class StandGrain(IEventStore store, Keys.KeyRing keys, TimeProvider time) : Grain, IStandGrain
{
    public const string StreamPrefix = "stand/";

    private EventStream<StandState, StandEvent> _stream = null!;

    private DateTimeOffset Now => time.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<StandState, StandEvent>(store, keys.Chain, StreamPrefix + this.GetPrimaryKeyString(), new StandState());
        return _stream.RefreshAsync();
    }

    public async Task<CatalogOutcome> Define(string name, string vendorId)
    {
        if (!CatalogRules.IsValidName(name) || !LedgerLimits.IsValidId(vendorId))
        {
            return CatalogOutcome.InvalidInput;
        }

        // Listed first: a stand that exists is always listed; a listing whose definition failed is skipped when read.
        await GrainFactory.Reference<IStandDirectoryGrain>(IStandDirectoryGrain.All).Add(this.GetPrimaryKeyString());
        return await _stream.DecideAsync(state => state.Name == name && state.VendorId == vendorId
            ? Decision<StandEvent, CatalogOutcome>.Answer(CatalogOutcome.Done)
            : new Decision<StandEvent, CatalogOutcome>([new StandDefined(name, vendorId, Now)], CatalogOutcome.Done));
    }

    public Task<CatalogOutcome> SetItem(CatalogItem item) =>
        !CatalogRules.IsValid(item) ? Task.FromResult(CatalogOutcome.InvalidInput)
        : _stream.DecideAsync(state => state.Name is null ? Decision<StandEvent, CatalogOutcome>.Answer(CatalogOutcome.StandNotFound)
            : state.Items.Any(known => known == item) ? Decision<StandEvent, CatalogOutcome>.Answer(CatalogOutcome.Done)
            : state.Items.Count >= CatalogRules.MaxItemsPerStand && state.Items.All(known => known.ItemId != item.ItemId)
                ? Decision<StandEvent, CatalogOutcome>.Answer(CatalogOutcome.TooManyItems)
            : new Decision<StandEvent, CatalogOutcome>([new CatalogItemSet(item, Now)], CatalogOutcome.Done));

    public Task<CatalogOutcome> RemoveItem(string itemId) =>
        _stream.DecideAsync(state => state.Name is null ? Decision<StandEvent, CatalogOutcome>.Answer(CatalogOutcome.StandNotFound)
            : state.Items.All(known => known.ItemId != itemId) ? Decision<StandEvent, CatalogOutcome>.Answer(CatalogOutcome.ItemNotFound)
            : new Decision<StandEvent, CatalogOutcome>([new CatalogItemRemoved(itemId, Now)], CatalogOutcome.Done));

    public async Task<StandCatalog> GetCatalog()
    {
        await _stream.RefreshAsync();
        return _stream.State.ToCatalog(this.GetPrimaryKeyString());
    }
}

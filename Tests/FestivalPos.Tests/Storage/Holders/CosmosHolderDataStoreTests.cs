using FestivalPos.Storage;
using FestivalPos.Storage.Cosmos;
using FestivalPos.Tests.Storage.Cosmos;

namespace FestivalPos.Tests.Storage.Holders;

/// <summary>The holder container of the local Cosmos DB server, through the real SDK.</summary>
public sealed class CosmosHolderDataStoreTests : HolderDataStoreConformanceTests
{
    private readonly CosmosStorageOptions _options = CosmosLedgers.NewOptions();

    protected override IEventStoreBackend CreateBackend() => CosmosLedgers.Open(_options);

    protected override Task DeleteDatabaseAsync() => CosmosLedgers.DeleteAsync(_options);
}

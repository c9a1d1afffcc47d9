using FestivalPos.Storage;
using FestivalPos.Storage.Cosmos;
using FestivalPos.Tests.Storage.Cosmos;

namespace FestivalPos.Tests.Storage;

/// <summary>The conformance suite against the local Cosmos DB server, through the real SDK in gateway mode.</summary>
public sealed class CosmosEventStoreBackendTests : EventStoreConformanceTests
{
    private readonly CosmosStorageOptions _options = CosmosLedgers.NewOptions();

    protected override IEventStoreBackend CreateBackend() => CosmosLedgers.Open(_options);

    protected override Task DeleteDatabaseAsync() => CosmosLedgers.DeleteAsync(_options);
}

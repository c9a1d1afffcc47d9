using FestivalPos.DevServers;
using FestivalPos.Storage;
using FestivalPos.Storage.PostgreSql;

namespace FestivalPos.Tests.Storage.Holders;

public sealed class PostgresHolderDataStoreTests : HolderDataStoreConformanceTests
{
    private readonly string _connectionString = PostgresServer.Shared.CreateDatabase("holders");

    protected override IEventStoreBackend CreateBackend() => new PostgresEventStoreBackend(_connectionString);
}

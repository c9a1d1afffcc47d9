using FestivalPos.Grains;
using FestivalPos.Storage;
using FestivalPos.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace FestivalPos.Tests.Infrastructure;

/// <summary>
/// An in-process cluster of two silos over one durable SQLite ledger (a temporary file), with a
/// fault-injecting backend between the grains and the database.
/// </summary>
public sealed class LedgerCluster : IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"festivalpos-{Guid.NewGuid():N}.db");

    public LedgerCluster()
    {
        Backend = new FaultInjectingBackend(new SqliteEventStoreBackend(_databasePath));
        Store = new GroupCommitEventStore(Backend, new GroupCommitOptions());
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.Services.AddSingleton<IEventStore>(Store).AddLedgerGrains());
        Cluster = builder.Build();
    }

    public InProcessTestCluster Cluster { get; }

    public FaultInjectingBackend Backend { get; }

    public GroupCommitEventStore Store { get; }

    public string DatabasePath => _databasePath;

    public IGrainFactory Grains => Cluster.Client;

    public LedgerInvariants Invariants => new(Store, Grains);

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Store.DisposeAsync();
        await Backend.DisposeAsync();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LedgerClusterCollection : ICollectionFixture<LedgerCluster>
{
    public const string Name = "ledger cluster";
}

using System.Security.Cryptography;
using FestivalPos.Grains;
using FestivalPos.Grains.Keys;
using FestivalPos.Storage;
using FestivalPos.Silo;
using FestivalPos.Silo.Feed;
using FestivalPos.Storage.Feed;
using FestivalPos.Storage.Holders;
using FestivalPos.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace FestivalPos.Tests.Infrastructure;

/// <summary>
/// An in-process cluster of silos over one durable ledger (a temporary SQLite file unless given another), with a
/// fault-injecting backend between the grains and the database, and the ledger feed's pump and projections reading
/// the database itself. Grain calls time out after a few
/// seconds, as they do from the gateway, so a call to a killed silo fails fast and is retried.
/// </summary>
public sealed class LedgerCluster : IAsyncLifetime
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"festivalpos-{Guid.NewGuid():N}.db");

    public LedgerCluster()
        : this(silos: 2)
    {
    }

    /// <param name="silos">How many silos the cluster has.</param>
    /// <param name="configureSilo">Changes to every silo's services after the ledger's own, such as another festival's options.</param>
    /// <param name="feedStreams">The stream provider between the feed pump and the projections; in memory unless given.</param>
    /// <param name="database">The ledger's backend, also its feed and holder data store; a SQLite file unless given.</param>
    internal LedgerCluster(
        short silos, Action<IServiceCollection>? configureSilo = null, LedgerFeedStreamOptions? feedStreams = null, IEventStoreBackend? database = null)
    {
        database ??= new SqliteEventStoreBackend(_databasePath);
        Backend = new FaultInjectingBackend(database);
        Store = new GroupCommitEventStore(Backend, new GroupCommitOptions());
        Feed = (ILedgerFeed)database;
        Holders = (IHolderDataStore)database;
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IEventStore>(Store).AddSingleton(Feed).AddSingleton(Holders).AddSingleton(Keys).AddLedgerGrains();
            silo.AddLedgerFeed(feedStreams ?? new LedgerFeedStreamOptions());
            configureSilo?.Invoke(silo.Services);
            silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = ResponseTimeout);
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = ResponseTimeout));
        Cluster = builder.Build();
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>The master key every silo of the cluster shares.</summary>
    public KeyRing Keys { get; } = new(RandomNumberGenerator.GetBytes(KeyRing.MasterKeyBytes), "test");

    public FaultInjectingBackend Backend { get; }

    public GroupCommitEventStore Store { get; }

    public ILedgerFeed Feed { get; }

    /// <summary>The holder data table of the cluster's database, read directly by erasure tests.</summary>
    public IHolderDataStore Holders { get; }

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

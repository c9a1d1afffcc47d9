using System.Diagnostics.Metrics;
using FestivalPos.DevServers;
using FestivalPos.Storage;
using FestivalPos.Storage.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace FestivalPos.EndToEnd.Tests.Ledger;

/// <summary>The ledger in a throwaway local Cosmos DB server of its own, reached with a connection string.</summary>
public sealed class CosmosLedgerStore(CosmosServer server) : ILedgerStore
{
    private readonly CosmosStorageOptions _options = new() { ConnectionString = server.ConnectionString, ServerCertificatePath = server.CertificatePath };

    public string Description => "Cosmos DB ledger (local server)";

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Ledger__Storage__Provider"] = "Cosmos",
        ["Ledger__Storage__Cosmos__ConnectionString"] = _options.ConnectionString!,
        ["Ledger__Storage__Cosmos__ServerCertificatePath"] = _options.ServerCertificatePath!,
    };

    public static async Task<CosmosLedgerStore> StartAsync() => new(await CosmosServer.StartAsync());

    public IEventStoreBackend OpenBackend() => Open(_options);

    /// <summary>The Cosmos DB ledger <paramref name="options"/> name, read and written with the SDK as a silo does.</summary>
    public static CosmosEventStoreBackend Open(CosmosStorageOptions options) =>
        new(options, new StorageMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()));

    public ValueTask DisposeAsync() => server.DisposeAsync();
}

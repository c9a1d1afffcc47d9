using System.Diagnostics.Metrics;
using FestivalPos.DevServers;
using FestivalPos.Storage;
using FestivalPos.Storage.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace FestivalPos.Tests.Storage.Cosmos;

/// <summary>Ledgers of their own, each in a fresh database of the shared local Cosmos DB server.</summary>
internal static class CosmosLedgers
{
    /// <summary>Short, so that the tests that contend for a position fence one another quickly.</summary>
    public const int ReservationGraceMs = 100;

    public static CosmosServer Server => CosmosServer.Shared;

    public static CosmosStorageOptions NewOptions() => new()
    {
        ConnectionString = Server.ConnectionString,
        DatabaseName = $"ledger-{Guid.NewGuid():N}",
        ServerCertificatePath = Server.CertificatePath,
        ReservationGraceMs = ReservationGraceMs,
    };

    public static CosmosEventStoreBackend Open(CosmosStorageOptions options, IMeterFactory? meterFactory = null) =>
        new(options, new StorageMetrics(meterFactory ?? MeterFactory()));

    public static IMeterFactory MeterFactory() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public static async Task DeleteAsync(CosmosStorageOptions options)
    {
        using var client = CosmosClientFactory.Create(options, ThrottlingRetryHandler.FromOptions(options, TimeProvider.System));
        await client.GetDatabase(options.DatabaseName).DeleteStreamAsync();
    }
}

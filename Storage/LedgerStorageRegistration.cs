using FestivalPos.Storage.Cosmos;
using FestivalPos.Storage.Feed;
using FestivalPos.Storage.PostgreSql;
using FestivalPos.Storage.Sqlite;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FestivalPos.Storage;

public static class LedgerStorageRegistration
{
    /// <summary>
    /// Registers the ledger's <see cref="IEventStore"/> over the backend chosen by Ledger:Storage:Provider (or
    /// the Provider of <paramref name="sectionName"/>), its <see cref="ILedgerFeed"/> and its holder data store, with options validated
    /// at start and the schema created or migrated by a hosted service.
    /// </summary>
    public static IServiceCollection AddLedgerStorage(
        this IServiceCollection services, IConfiguration configuration, string sectionName = LedgerStorageOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LedgerStorageOptions>()
            .Bind(configuration.GetSection(sectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LedgerStorageOptions>, LedgerStorageOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton<StorageMetrics>();
        services.AddSingleton<IEventStoreBackend>(provider => CreateBackend(provider.GetRequiredService<IOptions<LedgerStorageOptions>>().Value, provider));
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<LedgerStorageOptions>>().Value;
            var metrics = provider.GetRequiredService<StorageMetrics>();
            var store = new GroupCommitEventStore(
                provider.GetRequiredService<IEventStoreBackend>(), options.GroupCommit, metrics.AppendCommittedIn(options.Provider));
            metrics.ObserveCommits(store);
            return store;
        });
        services.AddSingleton<IEventStore>(provider => provider.GetRequiredService<GroupCommitEventStore>());
        services.AddSingleton(provider => provider.GetRequiredService<IEventStoreBackend>() as ILedgerFeed
            ?? throw new InvalidOperationException($"The ledger storage provider '{provider.GetRequiredService<IOptions<LedgerStorageOptions>>().Value.Provider}' has no ledger feed."));
        services.AddSingleton(provider => provider.GetRequiredService<IEventStoreBackend>() as Holders.IHolderDataStore
            ?? throw new InvalidOperationException($"The ledger storage provider '{provider.GetRequiredService<IOptions<LedgerStorageOptions>>().Value.Provider}' has no holder data store."));
        services.AddHostedService<LedgerStorageInitializer>();
        return services;
    }

    private static IEventStoreBackend CreateBackend(LedgerStorageOptions options, IServiceProvider services) => options.Provider switch
    {
        LedgerStorageProvider.Sqlite => new SqliteEventStoreBackend(options.Sqlite.Path),
        LedgerStorageProvider.PostgreSql => new PostgresEventStoreBackend(
            options.PostgreSql.ConnectionString!, options.PostgreSql.MaxConcurrentCommits),
        LedgerStorageProvider.Cosmos => new CosmosEventStoreBackend(
            options.Cosmos,
            services.GetRequiredService<StorageMetrics>(),
            services.GetKeyedService<RequestHandler>(CosmosEventStoreBackend.ThrottlingPolicyServiceKey)),
        _ => throw new InvalidOperationException($"Unknown ledger storage provider '{options.Provider}'."),
    };
}

using FestivalPos.Storage.Cosmos;
using FestivalPos.Tests.Infrastructure;
using FestivalPos.Tests.Storage.Cosmos;

namespace FestivalPos.Tests.Feed;

/// <summary>A <see cref="LedgerCluster"/> whose ledger is a fresh database of the shared local Cosmos DB server.</summary>
public sealed class CosmosLedgerCluster : IAsyncLifetime
{
    private readonly CosmosStorageOptions _options = CosmosLedgers.NewOptions();
    private LedgerCluster? _ledger;

    public LedgerCluster Ledger => _ledger ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync()
    {
        _ledger = new LedgerCluster(silos: 2, database: CosmosLedgers.Open(_options));
        await _ledger.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }

        await CosmosLedgers.DeleteAsync(_options);
    }
}

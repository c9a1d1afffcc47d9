using FestivalPos.DevServers;
using FestivalPos.Grains.Feed;
using FestivalPos.Silo.Feed;
using FestivalPos.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FestivalPos.Tests.Feed;

/// <summary>
/// A <see cref="LedgerCluster"/> whose feed stream is Azure Storage queues on a throwaway Azurite, with the pump's
/// pages as large as a queue message allows.
/// </summary>
public sealed class AzureQueueLedgerCluster : IAsyncLifetime
{
    private AzuriteServer? _azurite;
    private LedgerCluster? _ledger;

    public LedgerCluster Ledger => _ledger ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        var streams = new LedgerFeedStreamOptions
        {
            Provider = LedgerFeedStreamProvider.AzureQueues,
            AzureQueues = { Account = { ConnectionString = _azurite.ConnectionString } },
        };
        _ledger = new LedgerCluster(
            silos: 2, services => services.Configure<LedgerFeedOptions>(feed => feed.PageSize = AzureQueueFeedOptions.MaxPageSize), streams);
        await _ledger.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

using FestivalPos.Grains.Feed;
using FestivalPos.Grains.Interfaces.Feed;
using Orleans.Hosting;
using Orleans.Streams;

namespace FestivalPos.Silo;

public static class LedgerFeedHosting
{
    /// <summary>
    /// The feed pump, the projections and the stream between them. The stream provider is in memory: a batch lost with
    /// its silo is read again from the feed by the projections, so nothing depends on the stream keeping it. Another
    /// provider (Azure Queues, Event Hubs) registered under <see cref="LedgerFeedStreams.ProviderName"/> replaces it.
    /// Projections subscribe implicitly, so no pub-sub store is needed.
    /// </summary>
    public static ISiloBuilder AddLedgerFeed(this ISiloBuilder silo)
    {
        silo.AddMemoryStreams(LedgerFeedStreams.ProviderName, streams => streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
        silo.Services.AddLedgerFeedPump();
        return silo;
    }
}

using FestivalPos.Grains.Interfaces.Feed;
using Orleans.Streams;

namespace FestivalPos.Grains.Feed;

public static class LedgerFeedStream
{
    /// <summary>The feed stream, as the pump publishes it and the projections subscribe to it.</summary>
    public static IAsyncStream<LedgerFeedBatch> Of(Grain grain) =>
        grain.GetStreamProvider(LedgerFeedStreams.ProviderName)
            .GetStream<LedgerFeedBatch>(StreamId.Create(LedgerFeedStreams.Namespace, LedgerFeedStreams.Key));
}

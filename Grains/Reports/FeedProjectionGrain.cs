using FestivalPos.Grains.Feed;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Storage.Feed;
using Orleans.Streams;

namespace FestivalPos.Grains.Reports;

/// <summary>
/// A projection kept in a grain subscribed to the feed stream. Its state lives in memory and is never stored: the
/// feed is its durable form. A fresh activation starts at position 0 and, on the first batch beyond it, reads the
/// entries before that batch from the feed, so activating is rebuilding; a batch lost by the stream is read the same way.
/// <paramref name="newProjection"/> makes an empty projection, at activation and for each rebuild.
/// </summary>
public abstract class FeedProjectionGrain<TProjection>(ILedgerFeed feed, FeedMetrics metrics, Func<TProjection> newProjection) : Grain
    where TProjection : FeedProjection
{
    protected TProjection Projection { get; private set; } = newProjection();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = LedgerFeedStream.Of(this);
        await stream.SubscribeAsync((batch, _) => ApplyAsync(batch));
    }

    public async Task<long> CatchUp()
    {
        await CatchUpAsync(await feed.ReadHeadPositionAsync(CancellationToken.None));
        return Projection.Position;
    }

    public Task<long> Rebuild()
    {
        Projection = newProjection();
        return CatchUp();
    }

    private async Task ApplyAsync(LedgerFeedBatch batch)
    {
        if (!Projection.TryApply(batch))
        {
            await CatchUpAsync(batch.After);
            Projection.TryApply(batch);
        }

        Applied();
    }

    /// <summary>The projection moved: its figures for the FestivalPos.Feed meter.</summary>
    protected virtual void Applied() => metrics.ProjectionApplied(GetType().Name, Projection.Position);

    /// <summary>Applies the feed from the projection's position through <paramref name="position"/> at least.</summary>
    private async Task CatchUpAsync(long position)
    {
        while (Projection.Position < position)
        {
            var entries = await feed.ReadFeedAsync(Projection.Position, ILedgerFeed.MaxReadCount, CancellationToken.None);
            if (entries.Count == 0)
            {
                return;
            }

            Projection.TryApply(LedgerFactDecoder.ToBatch(Projection.Position, entries));
        }

        Applied();
    }
}

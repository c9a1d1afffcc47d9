using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Storage.Feed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FestivalPos.Grains.Feed;

/// <summary>
/// The cluster's feed pump. A grain, so Orleans keeps one activation of it in the cluster and moves it to another silo
/// when its silo dies (<see cref="FeedPumpKeeper"/> on every silo activates it again); a brief second activation
/// during a membership change only publishes pages again, which projections ignore by position. Not reentrant: the
/// timer and <see cref="Pump"/> never interleave.
/// </summary>
public sealed partial class LedgerFeedPumpGrain(
    ILedgerFeed feed, FeedMetrics metrics, IOptions<LedgerFeedOptions> options, ILogger<LedgerFeedPumpGrain> logger) : Grain, ILedgerFeedPumpGrain
{
    /// <summary>Pages one timer tick publishes at most, so a long backlog does not hold the grain.</summary>
    private const int MaxPagesPerTick = 20;

    private FeedPump _pump = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = LedgerFeedStream.Of(this);
        _pump = new FeedPump(feed, batch => stream.OnNextAsync(batch), options.Value.PageSize);
        var interval = TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds);
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task Ping() => Task.CompletedTask;

    public async Task<FeedPumpStatus> Pump()
    {
        int pages;
        do
        {
            pages = await PumpPagesAsync();
        }
        while (pages == MaxPagesPerTick);

        var head = await feed.ReadHeadPositionAsync(CancellationToken.None);
        metrics.HeadRead(head, _pump.Checkpoint);
        return new FeedPumpStatus(_pump.Checkpoint, head);
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PumpPagesAsync();
            metrics.HeadRead(await feed.ReadHeadPositionAsync(cancellationToken), _pump.Checkpoint);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The checkpoint stayed where it was: the next tick publishes the same page again.
            LogPumpFailed(exception, _pump.Checkpoint);
        }
    }

    /// <summary>Publishes full pages until one is short or the tick's budget is spent; answers the pages published.</summary>
    private async Task<int> PumpPagesAsync()
    {
        for (var pages = 0; pages < MaxPagesPerTick; pages++)
        {
            var entries = await _pump.PumpPageAsync(CancellationToken.None);
            if (entries > 0)
            {
                metrics.Published(entries, _pump.Checkpoint);
            }

            if (entries < options.Value.PageSize)
            {
                return pages + (entries > 0 ? 1 : 0);
            }
        }

        return MaxPagesPerTick;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The feed pump could not publish after position {Checkpoint}; it tries again at its next tick.")]
    private partial void LogPumpFailed(Exception exception, long checkpoint);
}

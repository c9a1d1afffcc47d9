using FestivalPos.Grains.Interfaces.Feed;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FestivalPos.Grains.Feed;

/// <summary>
/// Runs on every silo and pings the feed pump grain every few seconds, so the pump is active from the start and active
/// again on a surviving silo soon after its silo died. Pings from several silos reach the same single activation.
/// </summary>
public sealed partial class FeedPumpKeeper(IGrainFactory grains, TimeProvider time, ILogger<FeedPumpKeeper> logger) : BackgroundService
{
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PingInterval, time);
        do
        {
            try
            {
                await grains.Reference<ILedgerFeedPumpGrain>(LedgerFeedStreams.Key).Ping();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPingFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The feed pump did not answer its keep-alive ping; the next ping activates it again.")]
    private partial void LogPingFailed(Exception exception);
}

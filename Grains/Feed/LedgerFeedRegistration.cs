using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FestivalPos.Grains.Feed;

public static class LedgerFeedRegistration
{
    /// <summary>What the feed pump and the projections (with the anomalies' thresholds) need beside an <see cref="Storage.Feed.ILedgerFeed"/> and the feed's stream provider.</summary>
    public static IServiceCollection AddLedgerFeedPump(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<LedgerFeedOptions>().BindConfiguration(LedgerFeedOptions.SectionName)
            .Validate(options => options.IsValid, $"Feed:PollIntervalMilliseconds must be from 10 to 60000 and Feed:PageSize from 1 to {Storage.Feed.ILedgerFeed.MaxReadCount}.")
            .ValidateOnStart();
        services.AddOptions<Reports.AnomalyOptions>().BindConfiguration(Reports.AnomalyOptions.SectionName)
            .Validate(options => options.IsValid, Reports.AnomalyOptions.Rules)
            .ValidateOnStart();
        services.AddSingleton<FeedMetrics>();
        services.AddHostedService<FeedPumpKeeper>();
        return services;
    }
}

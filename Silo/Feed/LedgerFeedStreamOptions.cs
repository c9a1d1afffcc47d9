using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FestivalPos.Silo.Feed;

/// <summary>The stream provider between the feed pump and the projections, bound from Feed:Streams.</summary>
public sealed class LedgerFeedStreamOptions
{
    public const string SectionName = "Feed:Streams";

    public LedgerFeedStreamProvider Provider { get; set; } = LedgerFeedStreamProvider.Memory;

    public AzureQueueFeedOptions AzureQueues { get; set; } = new();

    public EventHubFeedOptions EventHubs { get; set; } = new();

    public IEnumerable<string> Problems() => Provider switch
    {
        LedgerFeedStreamProvider.AzureQueues => AzureQueues.Problems(),
        LedgerFeedStreamProvider.EventHubs => EventHubs.Problems(),
        LedgerFeedStreamProvider.Memory => [],
        _ => [$"{SectionName}:Provider '{Provider}' is not Memory, AzureQueues or EventHubs."],
    };

    /// <summary>The options configured, or a clear failure naming every setting that is wrong.</summary>
    public static LedgerFeedStreamOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<LedgerFeedStreamOptions>() ?? new LedgerFeedStreamOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(LedgerFeedStreamOptions), problems);
        }

        return options;
    }
}

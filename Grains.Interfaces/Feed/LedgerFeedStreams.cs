namespace FestivalPos.Grains.Interfaces.Feed;

/// <summary>Where the feed pump publishes: one Orleans stream of <see cref="LedgerFeedBatch"/>es, in position order.</summary>
public static class LedgerFeedStreams
{
    /// <summary>The stream provider's name; which provider it is (memory, Azure Queues, Event Hubs) is the silo's configuration.</summary>
    public const string ProviderName = "ledger";

    public const string Namespace = "ledger-feed";

    /// <summary>The key of the stream, of the pump, and of every projection grain subscribed to it.</summary>
    public const string Key = "feed";
}

using FestivalPos.Storage.Feed;

namespace FestivalPos.Grains.Feed;

/// <summary>How the feed pump reads the ledger feed (configuration section Feed).</summary>
public sealed class LedgerFeedOptions
{
    public const string SectionName = "Feed";

    /// <summary>How often the pump looks for new entries once it has published everything.</summary>
    public int PollIntervalMilliseconds { get; set; } = 200;

    /// <summary>Entries read and published as one batch, at most.</summary>
    public int PageSize { get; set; } = 1000;

    public bool IsValid => PollIntervalMilliseconds is >= 10 and <= 60_000 && PageSize is >= 1 and <= ILedgerFeed.MaxReadCount;
}

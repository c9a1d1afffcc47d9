namespace FestivalPos.Grains.Interfaces.Feed;

/// <summary>How far the pump has published the feed.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.FeedPumpStatus")]
public sealed record FeedPumpStatus(
    [property: Id(0)] long Checkpoint,
    [property: Id(1)] long Head);

/// <summary>
/// The one pump of the cluster (key <see cref="LedgerFeedStreams.Key"/>): reads the ledger feed from its durable
/// checkpoint, publishes each page to the feed stream, then saves the checkpoint. It runs on a timer while active;
/// every silo keeps it active.
/// </summary>
[Alias("FestivalPos.ILedgerFeedPumpGrain")]
public interface ILedgerFeedPumpGrain : IGrainWithStringKey
{
    /// <summary>Activates the pump if it is not; nothing else.</summary>
    [Alias("Ping")]
    Task Ping();

    /// <summary>Publishes what the feed holds beyond the checkpoint now, and answers where it got to.</summary>
    [Alias("Pump")]
    Task<FeedPumpStatus> Pump();
}

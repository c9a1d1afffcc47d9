namespace FestivalPos.Silo.Feed;

/// <summary>Which Orleans stream provider carries the ledger feed's batches (Feed:Streams:Provider).</summary>
public enum LedgerFeedStreamProvider
{
    /// <summary>In the silos' memory: a batch lost with its silo is read again from the feed by the projections.</summary>
    Memory,

    /// <summary>Azure Storage queues, or Azurite's: the local cloud profile.</summary>
    AzureQueues,

    /// <summary>An Azure Event Hub, its partitions' positions checkpointed in an Azure Table.</summary>
    EventHubs,
}

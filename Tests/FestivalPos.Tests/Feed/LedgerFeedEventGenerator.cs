using System.Globalization;
using Azure.Messaging.EventHubs;
using FestivalPos.Grains.Interfaces.Feed;
using Orleans.Serialization;
using Orleans.Streaming.EventHubs;
using Orleans.Streaming.EventHubs.Testing;

namespace FestivalPos.Tests.Feed;

/// <summary>
/// What an Event Hub partition would hold for the feed's stream: the pump's batches in order, each an event numbered
/// by the partition's sequence counter, which is also its offset. The Orleans generator asks for as many events as the
/// receiver reads at once and keeps asking until it has them, so once every batch is out the last one is sent again,
/// as an Event Hub redelivers after a receiver restarts from its checkpoint.
/// </summary>
public sealed class LedgerFeedEventGenerator(StreamId streamId, IReadOnlyList<LedgerFeedBatch> batches, Serializer serializer)
    : IStreamDataGenerator<EventData>
{
    private int _next;

    public StreamId StreamId { get; set; } = streamId;

    public IIntCounter SequenceNumberCounter { private get; set; } = null!;

    /// <summary>Not honoured: the Orleans partition generator asks again at once, without end, when a stream gives nothing.</summary>
    public bool ShouldProduce { private get; set; } = true;

    public bool TryReadEvents(int maxCount, out IEnumerable<EventData> events)
    {
        var generated = new List<EventData>();
        while (generated.Count < maxCount)
        {
            var batch = batches[Math.Min(_next, batches.Count - 1)];
            _next = Math.Min(_next + 1, batches.Count);
            SequenceNumberCounter.Increment();
            generated.Add(ToEventData(batch, SequenceNumberCounter.Value));
        }

        events = generated;
        return true;
    }

    private EventData ToEventData(LedgerFeedBatch batch, long sequenceNumber)
    {
        var payload = EventHubBatchContainer.ToEventData(serializer, StreamId, [batch], []);
        var offset = sequenceNumber.ToString(CultureInfo.InvariantCulture);
        return EventHubsModelFactory.EventData(
            payload.EventBody, payload.Properties, payload.SystemProperties, StreamId.GetKeyAsString(), sequenceNumber, offset, DateTimeOffset.UtcNow);
    }
}

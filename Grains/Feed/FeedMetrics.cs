using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FestivalPos.Grains.Reports;

namespace FestivalPos.Grains.Feed;

/// <summary>
/// The feed pump's and the projections' figures on the FestivalPos.Feed meter: how far behind the ledger they are, in
/// entries and in seconds, how fast entries go out, and how old the pump's checkpoint is.
/// </summary>
public sealed class FeedMetrics
{
    public const string MeterName = "FestivalPos.Feed";

    private readonly TimeProvider _time;
    private readonly Counter<long> _published;
    private readonly ConcurrentDictionary<string, long> _projectionPositions = new(StringComparer.Ordinal);
    private long _head;
    private long _checkpoint;
    private long _caughtUpAt;
    private long _checkpointSavedAt;
    private int _caughtUp = 1;
    private SyncLag? _syncLag;

    public FeedMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        _caughtUpAt = _checkpointSavedAt = time.GetTimestamp();
        var meter = meterFactory.Create(MeterName);
        _published = meter.CreateCounter<long>("festivalpos.feed.entries_published", "{entry}", "Feed entries the pump published (their rate is entries per second).");
        meter.CreateObservableGauge("festivalpos.feed.lag_entries", () => Interlocked.Read(ref _head) - Interlocked.Read(ref _checkpoint), "{entry}",
            "Entries in the ledger the pump has not published yet, as of its last read.");
        meter.CreateObservableGauge("festivalpos.feed.lag_seconds", LagSeconds, "s",
            "How long since the pump last had everything published; 0 while it has.");
        meter.CreateObservableGauge("festivalpos.feed.checkpoint_age_seconds", () => Seconds(Interlocked.Read(ref _checkpointSavedAt)), "s",
            "How long since the pump last moved its checkpoint.");
        meter.CreateObservableGauge("festivalpos.feed.projection_lag_entries", ProjectionLag, "{entry}",
            "Entries in the ledger a projection has not applied yet, by projection.");
        // Two figures over every terminal rather than a series per terminal: a festival runs thousands of them.
        meter.CreateObservableGauge("festivalpos.feed.device_sync_lag_max", () => SyncLagOf(lag => lag.MaxSeqs), "{seq}",
            "The largest gap of any terminal between the highest seq the ledger has seen from it and its ackedThrough.");
        meter.CreateObservableGauge("festivalpos.feed.devices_lagging", () => SyncLagOf(lag => lag.LaggingTerminals), "{device}",
            $"Terminals whose highest seq seen is more than {DeviceHealthProjection.LaggingSeqs} above their ackedThrough.");
    }

    /// <summary>The device health projection of this silo applied the feed; null when it left this silo.</summary>
    public void DevicesSynced(SyncLag? lag) => Volatile.Write(ref _syncLag, lag);

    /// <summary>The pump published <paramref name="entries"/> and saved its checkpoint.</summary>
    public void Published(int entries, long checkpoint)
    {
        _published.Add(entries);
        Interlocked.Exchange(ref _checkpoint, checkpoint);
        Interlocked.Exchange(ref _checkpointSavedAt, _time.GetTimestamp());
    }

    /// <summary>The pump read the head of the feed; it has everything published when its checkpoint is there.</summary>
    public void HeadRead(long head, long checkpoint)
    {
        Interlocked.Exchange(ref _head, head);
        Interlocked.Exchange(ref _checkpoint, checkpoint);
        var caughtUp = checkpoint >= head;
        if (caughtUp)
        {
            Interlocked.Exchange(ref _caughtUpAt, _time.GetTimestamp());
        }

        Interlocked.Exchange(ref _caughtUp, caughtUp ? 1 : 0);
    }

    public void ProjectionApplied(string projection, long position) => _projectionPositions[projection] = position;

    private double LagSeconds() => Volatile.Read(ref _caughtUp) == 1 ? 0 : Seconds(Interlocked.Read(ref _caughtUpAt));

    private IEnumerable<Measurement<long>> ProjectionLag()
    {
        var head = Interlocked.Read(ref _head);
        return _projectionPositions.Select(projection =>
            new Measurement<long>(Math.Max(0, head - projection.Value), new KeyValuePair<string, object?>("projection", projection.Key)));
    }

    /// <summary>Reported by the silo hosting the device health projection only, so a sum or max over silos is the cluster's.</summary>
    private IEnumerable<Measurement<long>> SyncLagOf(Func<SyncLag, long> figure) =>
        Volatile.Read(ref _syncLag) is { } lag ? [new Measurement<long>(figure(lag))] : [];

    private double Seconds(long since) => _time.GetElapsedTime(since).TotalSeconds;
}

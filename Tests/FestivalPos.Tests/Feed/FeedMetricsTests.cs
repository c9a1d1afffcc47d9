using System.Diagnostics.Metrics;
using FestivalPos.Grains.Feed;
using Microsoft.Extensions.DependencyInjection;

namespace FestivalPos.Tests.Feed;

public sealed class FeedMetricsTests
{
    [Fact]
    public void Lag_in_entries_and_seconds_checkpoint_age_and_projection_lag_follow_the_pump_on_a_manual_clock()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var clock = new ManualClock();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var metrics = new FeedMetrics(meterFactory, clock);
        using var readings = new Readings(meterFactory);

        metrics.HeadRead(head: 100, checkpoint: 40);
        clock.Advance(TimeSpan.FromSeconds(7));
        metrics.Published(entries: 50, checkpoint: 90);
        metrics.ProjectionApplied("sales", 85);
        clock.Advance(TimeSpan.FromSeconds(3));

        readings.Collect().Should().BeEquivalentTo(new Dictionary<string, double>
        {
            ["festivalpos.feed.lag_entries"] = 10,
            ["festivalpos.feed.lag_seconds"] = 10,
            ["festivalpos.feed.checkpoint_age_seconds"] = 3,
            ["festivalpos.feed.projection_lag_entries/sales"] = 15,
            ["festivalpos.feed.entries_published"] = 50,
        });

        metrics.HeadRead(head: 100, checkpoint: 100);
        metrics.ProjectionApplied("sales", 100);

        readings.Collect().Should().Contain(new Dictionary<string, double>
        {
            ["festivalpos.feed.lag_entries"] = 0,
            ["festivalpos.feed.lag_seconds"] = 0,
            ["festivalpos.feed.projection_lag_entries/sales"] = 0,
        });
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 7, 18, 21, 0, 0, TimeSpan.Zero);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override DateTimeOffset GetUtcNow() => _now;

        public override long GetTimestamp() => _now.UtcTicks;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>
    /// The FestivalPos.Feed meter's instruments made by this test's meter factory (not those of clusters other tests run at
    /// the same time), the latest reading of each (a counter's sum), keyed by name and projection.
    /// </summary>
    private sealed class Readings : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, double> _values = [];

        public Readings(IMeterFactory meterFactory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == FeedMetrics.MeterName && instrument.Meter.Scope == meterFactory)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.Start();
        }

        public Dictionary<string, double> Collect()
        {
            _listener.RecordObservableInstruments();
            return new Dictionary<string, double>(_values);
        }

        public void Dispose() => _listener.Dispose();

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var key = tags.Length == 0 ? instrument.Name : $"{instrument.Name}/{tags[0].Value}";
            _values[key] = instrument is Counter<long> ? _values.GetValueOrDefault(key) + value : value;
        }
    }
}

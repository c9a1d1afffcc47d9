using System.Diagnostics.Metrics;
using FestivalPos.Gateway.Api.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace FestivalPos.Gateway.Tests.Operations;

public sealed class OfflineAgeMetricTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 18, 21, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-07-18T21:00:00Z", 1800)]
    [InlineData("2026-07-18T21:29:59.5Z", 0.5)]
    [InlineData("2026-07-18T21:31:00Z", 0)]
    public void An_applied_offline_transaction_records_how_long_ago_it_was_sold(string createdAt, double seconds)
    {
        var recorded = Record(metrics => metrics.OfflineApplied(createdAt));

        recorded.Should().Equal(seconds);
    }

    [Fact]
    public void A_created_at_that_is_not_a_wire_timestamp_records_nothing()
    {
        Record(metrics => metrics.OfflineApplied("yesterday")).Should().BeEmpty();
    }

    private static List<double> Record(Action<GatewayMetrics> act)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new GatewayMetrics(services.GetRequiredService<IMeterFactory>(), new FixedTime(Now));
        var recorded = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "festivalpos.gateway.offline_transaction_age")
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => recorded.Add(value));
        listener.Start();

        act(metrics);
        return recorded;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

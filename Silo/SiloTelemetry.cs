using FestivalPos.Grains.Feed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace FestivalPos.Silo;

public static class SiloTelemetry
{
    /// <summary>
    /// The silo's metrics (Orleans' own and the feed's: lag, publish rate, checkpoint age, projection lag), sent over
    /// OTLP when OTEL_EXPORTER_OTLP_ENDPOINT names a collector; without one the silo exports nothing.
    /// </summary>
    public static IHostApplicationBuilder AddSiloTelemetry(this IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry()
                .WithMetrics(metrics => metrics.AddMeter("Microsoft.Orleans").AddMeter(FeedMetrics.MeterName))
                .UseOtlpExporter();
        }

        return builder;
    }
}

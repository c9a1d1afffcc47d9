using Azure.Monitor.OpenTelemetry.Exporter;
using FestivalPos.ServiceDefaults.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FestivalPos.ServiceDefaults.Telemetry;

public static class TelemetrySetup
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string AzureMonitorConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Orleans' meter, the .NET runtime's and every FestivalPos meter (FestivalPos.Storage, FestivalPos.Gateway, ...).</summary>
    public static readonly string[] Meters = ["Microsoft.Orleans", "System.Runtime", "FestivalPos.*"];

    /// <summary>Orleans' grain call spans (with activity propagation on the silo and client builders) and our own.</summary>
    public static readonly string[] TraceSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "FestivalPos.*"];

    /// <summary>
    /// Metrics always, for the Prometheus scrape endpoint of the management endpoint (the host maps /metrics there);
    /// logs, metrics and traces go out over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT names a collector, and to Azure
    /// Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set. Without either, no traces or log records are made.
    /// </summary>
    public static IHostApplicationBuilder AddFestivalPosTelemetry(this IHostApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var azureMonitorConnectionString = builder.Configuration[AzureMonitorConnectionStringKey];
        var azureMonitor = !string.IsNullOrWhiteSpace(azureMonitorConnectionString);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(Meters)
                .AddPrometheusExporter());
        if (!otlp && !azureMonitor)
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        telemetry.WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbeOrScrape(context.Request.Path))
            .AddNpgsql()
            .AddSource(TraceSources));
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        if (azureMonitor)
        {
            telemetry.UseAzureMonitorExporter(options => options.ConnectionString = azureMonitorConnectionString);
        }

        return builder;
    }

    /// <summary>Health probes and metric scrapes arrive every few seconds and would drown the traces that matter.</summary>
    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments(HealthEndpoints.PathPrefix) || path.StartsWithSegments(MetricsEndpoint.Path);
}

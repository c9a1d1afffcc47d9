using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace FestivalPos.ServiceDefaults.Telemetry;

public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>The Prometheus scrape endpoint over the metrics of <see cref="TelemetrySetup"/>; hosts map it on their management endpoint only.</summary>
    public static IEndpointConventionBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(Path);
}

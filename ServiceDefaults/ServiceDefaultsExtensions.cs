using FestivalPos.ServiceDefaults.Health;
using FestivalPos.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Hosting;

namespace FestivalPos.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>What the silo and the gateway both run: OpenTelemetry (logs, metrics, traces) and the health checks every host has.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddFestivalPosTelemetry();
        builder.AddDefaultHealthChecks();
        return builder;
    }
}

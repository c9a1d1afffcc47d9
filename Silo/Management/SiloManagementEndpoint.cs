using FestivalPos.ServiceDefaults.Health;
using FestivalPos.ServiceDefaults.Management;
using FestivalPos.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FestivalPos.Silo.Management;

/// <summary>
/// The silo's only HTTP endpoint, Silo:ManagementUrl: /health/startup (the silo has started: Orleans' lifecycle is
/// Active), /health/ready (started, an active cluster member, and its ledger storage answers), /health/live (the
/// process answers; never storage, so that a storage outage does not get every silo restarted) and /metrics.
/// </summary>
public static class SiloManagementEndpoint
{
    public static WebApplicationBuilder AddSiloManagementEndpoint(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions), problems);
        }

        var url = ManagementUrl.Parse(options.ManagementUrl)!;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The Kestrel section is the gateway's: the AppHost hands both processes the same arguments.
            kestrel.Configure(new ConfigurationBuilder().Build());
            kestrel.AddServerHeader = false;
            ManagementUrl.Listen(kestrel, url);
        });
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterMembershipHealthCheck>("cluster-membership", tags: [HealthTags.Ready])
            .AddCheck<LedgerStorageHealthCheck>("ledger-storage", tags: [HealthTags.Ready], timeout: LedgerStorageHealthCheck.Timeout);
        return builder;
    }

    public static WebApplication MapSiloManagementEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        return app;
    }
}

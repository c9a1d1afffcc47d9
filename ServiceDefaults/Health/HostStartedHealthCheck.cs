using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace FestivalPos.ServiceDefaults.Health;

/// <summary>
/// Healthy once every hosted service has started (for a silo: Orleans' lifecycle has reached Active and the silo has
/// joined its cluster; for the gateway: its Orleans client has connected) and until the host begins to stop.
/// </summary>
public sealed class HostStartedHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("The host is stopping.")
            : lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Healthy("The host has started.")
            : HealthCheckResult.Unhealthy("The host is starting."));
}

using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FestivalPos.Gateway.Api.Hosting;

/// <summary>Ready when the cluster answers a cheap grain call (reading a client record) within a short time.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private const string ProbeClientId = "readiness-probe";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.Reference<IApiClientGrain>(ProbeClientId).Get().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("The Orleans cluster answers.");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("The Orleans cluster does not answer.", exception);
        }
    }
}

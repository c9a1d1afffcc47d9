using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FestivalPos.Silo.Management;

/// <summary>Healthy while this silo is an active member of its cluster (not joining, not shutting down, not declared dead).</summary>
public sealed class ClusterMembershipHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy("This silo is an active member of its cluster.")
            : HealthCheckResult.Unhealthy($"This silo is {membership.CurrentStatus} in its cluster, not Active."));
}

using FestivalPos.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FestivalPos.Silo.Management;

/// <summary>Healthy when the ledger storage answers a read (of a stream that is never written) through the store the grains use.</summary>
public sealed class LedgerStorageHealthCheck(IEventStore store) : IHealthCheck
{
    /// <summary>How long the read may take (the readiness probe itself waits 1 s by default, then counts a failure).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private const string ProbeStreamId = "readiness-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ReadAsync(ProbeStreamId, afterVersion: 0, cancellationToken);
            return HealthCheckResult.Healthy("The ledger storage answers.");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("The ledger storage does not answer.", exception);
        }
    }
}

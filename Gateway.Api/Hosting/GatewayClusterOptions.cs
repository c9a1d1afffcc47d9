using FestivalPos.Clustering;
using FestivalPos.Clustering.AzureTable;

namespace FestivalPos.Gateway.Api.Hosting;

/// <summary>How the gateway reaches the Orleans cluster, bound from the Cluster section (the silo's keys).</summary>
public sealed class GatewayClusterOptions
{
    public const string SectionName = "Cluster";

    public ClusterMembership Membership { get; set; } = ClusterMembership.Localhost;

    public string ClusterId { get; set; } = "festivalpos";

    public string ServiceId { get; set; } = "festivalpos";

    public int GatewayPort { get; set; } = 30000;

    public string? PostgreSqlConnectionString { get; set; }

    public AzureTableMembershipOptions AzureTable { get; set; } = new();

    /// <summary>How long a grain call may take before the request is answered 503.</summary>
    public int ResponseTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// Answer 503 at once for every grain call in flight when a gateway connection is lost, rather than after
    /// <see cref="ResponseTimeoutSeconds"/> (<see cref="InFlightCallsOnGatewayLoss"/>).
    /// </summary>
    public bool FailInFlightCallsOnGatewayLoss { get; set; } = true;

    public IEnumerable<string> Problems()
    {
        if (Membership == ClusterMembership.PostgreSql && string.IsNullOrWhiteSpace(PostgreSqlConnectionString))
        {
            yield return "Cluster:PostgreSqlConnectionString is required when Cluster:Membership is PostgreSql.";
        }

        foreach (var problem in Membership == ClusterMembership.AzureTable ? AzureTable.Problems() : [])
        {
            yield return problem;
        }

        if (GatewayPort is < 1 or > 65535)
        {
            yield return $"Cluster:GatewayPort {GatewayPort} is not a TCP port (1 to 65535).";
        }

        if (ResponseTimeoutSeconds is < 1 or > 60)
        {
            yield return $"Cluster:ResponseTimeoutSeconds {ResponseTimeoutSeconds} must be 1 to 60.";
        }

        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            yield return "Cluster:ClusterId and Cluster:ServiceId must not be empty.";
        }
    }
}

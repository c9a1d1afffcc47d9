using System.Net;
using FestivalPos.Clustering;
using FestivalPos.Clustering.AzureTable;

namespace FestivalPos.Silo;

/// <summary>How this silo joins its cluster, bound from the Cluster configuration section.</summary>
public sealed class SiloClusterOptions
{
    public const string SectionName = "Cluster";

    public ClusterMembership Membership { get; set; } = ClusterMembership.Localhost;

    public string ClusterId { get; set; } = "festivalpos";

    public string ServiceId { get; set; } = "festivalpos";

    /// <summary>The address other silos and clients reach this silo at.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Listen on every interface (0.0.0.0) while advertising <see cref="AdvertisedAddress"/>: for a container, whose
    /// own address is not the one the others reach it at (Container Apps routes the environment's address to it).
    /// Otherwise the silo listens on the advertised address only. A localhost cluster always listens on loopback.
    /// </summary>
    public bool ListenOnAnyInterface { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public string? PostgreSqlConnectionString { get; set; }

    public AzureTableMembershipOptions AzureTable { get; set; } = new();

    /// <summary>How fast a dead silo is found (Cluster:FailureDetection).</summary>
    public FailureDetectionOptions FailureDetection { get; set; } = new();

    /// <summary>Every problem with these options, in words an operator can act on.</summary>
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

        foreach (var problem in FailureDetection.Problems())
        {
            yield return problem;
        }

        if (Membership == ClusterMembership.Localhost && ListenOnAnyInterface)
        {
            yield return "Cluster:ListenOnAnyInterface applies to a cluster of several machines (Cluster:Membership), not to a Localhost one, which listens on loopback.";
        }

        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return $"Cluster:AdvertisedAddress '{AdvertisedAddress}' is not an IP address.";
        }

        foreach (var (name, port) in new[] { ("SiloPort", SiloPort), ("GatewayPort", GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                yield return $"Cluster:{name} {port} is not a TCP port (1 to 65535).";
            }
        }

        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            yield return "Cluster:ClusterId and Cluster:ServiceId must not be empty.";
        }
    }
}

namespace FestivalPos.Clustering;

/// <summary>Where the silos of a cluster, and the clients looking for their gateways, find each other (Cluster:Membership).</summary>
public enum ClusterMembership
{
    /// <summary>One silo on this machine: the embedded default; a client reaches it on the local gateway port.</summary>
    Localhost = 0,

    /// <summary>Membership tables in PostgreSQL (Cluster:PostgreSqlConnectionString).</summary>
    PostgreSql = 1,

    /// <summary>A membership table in Azure Table storage (Cluster:AzureTable).</summary>
    AzureTable = 2,
}

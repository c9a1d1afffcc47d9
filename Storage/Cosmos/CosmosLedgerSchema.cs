using Microsoft.Azure.Cosmos;

namespace FestivalPos.Storage.Cosmos;

/// <summary>The database, the ledger container and the holder data container, created when missing.</summary>
internal static class CosmosLedgerSchema
{
    /// <summary>The Orleans Cosmos providers' partition key path.</summary>
    public const string PartitionKeyPath = "/PartitionKey";

    public static async Task CreateIfMissingAsync(CosmosClient client, CosmosStorageOptions options, CancellationToken cancellationToken)
    {
        var database = (await client.CreateDatabaseIfNotExistsAsync(options.DatabaseName, cancellationToken: cancellationToken)).Database;
        var container = new ContainerProperties(options.ContainerName, PartitionKeyPath) { IndexingPolicy = IndexingPolicy() };
        await database.CreateContainerIfNotExistsAsync(container, options.ContainerThroughput, cancellationToken: cancellationToken);
        await database.CreateContainerIfNotExistsAsync(
            new ContainerProperties(options.HolderContainerName, PartitionKeyPath), options.ContainerThroughput, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Queries filter on the partition key, kind, versions, positions and stream names; payloads, hashes,
    /// index entries, owners and feed batches' attempts are only ever read back whole, so they are left out of the index (writes cost fewer RU).
    /// </summary>
    private static IndexingPolicy IndexingPolicy()
    {
        var policy = new IndexingPolicy { IndexingMode = IndexingMode.Consistent, Automatic = true };
        policy.IncludedPaths.Add(new IncludedPath { Path = "/*" });
        foreach (var path in new[] { "/events/*", "/index/*", "/owners/*", "/attempts/*", "/committed/*", "/value/?", "/attempt/?", "/\"_etag\"/?" })
        {
            policy.ExcludedPaths.Add(new ExcludedPath { Path = path });
        }

        return policy;
    }
}

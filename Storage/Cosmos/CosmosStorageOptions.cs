namespace FestivalPos.Storage.Cosmos;

/// <summary>The ledger in Azure Cosmos DB (NoSQL API), bound from Ledger:Storage:Cosmos.</summary>
public sealed class CosmosStorageOptions
{
    /// <summary>
    /// The account, signed in with <c>DefaultAzureCredential</c> (a managed identity in Azure):
    /// https://ACCOUNT.documents.azure.com:443/.
    /// </summary>
    public string? AccountEndpoint { get; set; }

    /// <summary>
    /// An account key connection string (AccountEndpoint=...;AccountKey=...), instead of
    /// <see cref="AccountEndpoint"/>: a local server, or an account without Entra ID.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// A PEM certificate that a server on this machine (127.0.0.1 or localhost) is accepted with in place of
    /// the usual chain check: the self-signed certificate of a local Cosmos DB server in development and
    /// tests. Refused for any other host.
    /// </summary>
    public string? ServerCertificatePath { get; set; }

    public string DatabaseName { get; set; } = "festivalpos";

    public string ContainerName { get; set; } = "ledger";

    /// <summary>The container of holder data (personal data that can be erased), apart from the ledger; partitioned by wallet.</summary>
    public string HolderContainerName { get; set; } = "holders";

    /// <summary>Regions to read from, nearest first (e.g. "West Europe, North Europe"); writes always go to the account's single write region.</summary>
    public IList<string> ApplicationPreferredRegions { get; set; } = [];

    /// <summary>Throughput the container is created with when missing (manual RU/s); null: the database's shared or serverless throughput.</summary>
    public int? ContainerThroughput { get; set; }

    /// <summary>Appends of one batch sent to Cosmos DB at once.</summary>
    public int MaxConcurrentAppends { get; set; } = 64;

    /// <summary>Batches in flight at once.</summary>
    public int MaxConcurrentCommits { get; set; } = 4;

    /// <summary>
    /// How long an append waits for another append holding an index position with a different value to
    /// commit, before fencing it off. Only liveness rests on it: a slow holder that is fenced can no longer commit.
    /// </summary>
    public int ReservationGraceMs { get; set; } = 2000;

    /// <summary>
    /// How long a reader of the ledger feed waits for an announced append to commit before fencing it off, so a
    /// crashed silo stalls the feed at most this long. Longer than <see cref="ReservationGraceMs"/>: an append
    /// may wait that long for a reservation after it was announced, and a fenced one is tried again.
    /// </summary>
    public int FeedSettleGraceMs { get; set; } = 10_000;

    /// <summary>Tries of one request that Cosmos DB answers 429 (too many requests), the first included.</summary>
    public int MaxThrottledAttempts { get; set; } = 9;

    /// <summary>The longest wait between two such tries, whatever Retry-After says.</summary>
    public int MaxThrottledWaitMs { get; set; } = 5000;
}

using FestivalPos.DevServers;

namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>
/// Where a test silo keeps its ledger and how the silo and its gateway find each other, with what holds them: a
/// temporary SQLite file and localhost membership, or Azure's data plane on local servers (the ledger in a Cosmos DB
/// server, the membership in Azure Table storage on Azurite). Disposing it deletes the file or stops the servers.
/// </summary>
public sealed class SiloProfile : IAsyncDisposable
{
    private readonly Func<ValueTask> _release;

    private SiloProfile(IReadOnlyDictionary<string, string?> ledger, IReadOnlyDictionary<string, string?> membership, Func<ValueTask> release)
    {
        Ledger = ledger;
        Membership = membership;
        _release = release;
    }

    /// <summary>The silo's Ledger:Storage settings.</summary>
    public IReadOnlyDictionary<string, string?> Ledger { get; }

    /// <summary>The Cluster settings that name the membership, for the silo and its gateway alike.</summary>
    public IReadOnlyDictionary<string, string?> Membership { get; }

    /// <summary>A ledger in a new temporary SQLite file; the silo's gateway port is the membership.</summary>
    public static SiloProfile Sqlite()
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"festivalpos-posapp-{Guid.NewGuid():N}.db");
        return new SiloProfile(
            new Dictionary<string, string?> { ["Ledger:Storage:Provider"] = "Sqlite", ["Ledger:Storage:Sqlite:Path"] = databasePath },
            new Dictionary<string, string?> { ["Cluster:Membership"] = "Localhost" },
            () =>
            {
                foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
                {
                    File.Delete(file);
                }

                return ValueTask.CompletedTask;
            });
    }

    /// <summary>The ledger in a new local Cosmos DB server and the membership in a new Azurite, both owned by the profile.</summary>
    public static async Task<SiloProfile> StartCloudAsync()
    {
        var azurite = await AzuriteServer.StartAsync();
        CosmosServer cosmos;
        try
        {
            cosmos = await CosmosServer.StartAsync();
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return new SiloProfile(
            new Dictionary<string, string?>
            {
                ["Ledger:Storage:Provider"] = "Cosmos",
                ["Ledger:Storage:Cosmos:ConnectionString"] = cosmos.ConnectionString,
                ["Ledger:Storage:Cosmos:ServerCertificatePath"] = cosmos.CertificatePath,
            },
            new Dictionary<string, string?>
            {
                ["Cluster:Membership"] = "AzureTable",
                ["Cluster:AzureTable:ConnectionString"] = azurite.ConnectionString,
            },
            async () =>
            {
                await cosmos.DisposeAsync();
                await azurite.DisposeAsync();
            });
    }

    public ValueTask DisposeAsync() => _release();
}

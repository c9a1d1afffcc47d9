using FestivalPos.DevServers;

namespace FestivalPos.AppHost;

/// <summary>
/// <c>--profile cloud</c>: the system on Azure's data plane, on this machine. The ledger is in a Cosmos DB
/// server and the cluster's membership in Azure Table storage (Azurite), both from npm (installed into the
/// machine's npm cache at their first use), on free ports of 127.0.0.1, in memory. They are stopped with the
/// AppHost, and exit by themselves when it is killed. Their connection strings reach the silo and the
/// gateway in the environment, never in arguments.
/// </summary>
public sealed class CloudProfile : IAsyncDisposable
{
    public const string Name = "cloud";

    private readonly AzuriteServer _azurite;
    private readonly CosmosServer _cosmos;

    private CloudProfile(AzuriteServer azurite, CosmosServer cosmos)
    {
        _azurite = azurite;
        _cosmos = cosmos;
    }

    public static async Task<CloudProfile> StartAsync(CancellationToken cancellationToken)
    {
        var azurite = await AzuriteServer.StartAsync(cancellationToken);
        try
        {
            var cosmos = await CosmosServer.StartAsync(cancellationToken);
            Log($"Azurite: table service on 127.0.0.1:{azurite.TablePort}, pid {azurite.ProcessId}");
            Log($"Cosmos DB server: https://127.0.0.1:{cosmos.Port}/, pid {cosmos.ProcessId}");
            return new CloudProfile(azurite, cosmos);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo's ledger and membership settings.</summary>
    public IReadOnlyDictionary<string, string> SiloEnvironment => new Dictionary<string, string>(MembershipEnvironment)
    {
        ["Ledger__Storage__Provider"] = "Cosmos",
        ["Ledger__Storage__Cosmos__ConnectionString"] = _cosmos.ConnectionString,
        ["Ledger__Storage__Cosmos__ServerCertificatePath"] = _cosmos.CertificatePath,
    };

    /// <summary>The gateway finds the silos in the membership table.</summary>
    public IReadOnlyDictionary<string, string> MembershipEnvironment => new Dictionary<string, string>
    {
        ["Cluster__Membership"] = "AzureTable",
        ["Cluster__AzureTable__ConnectionString"] = _azurite.ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        await _cosmos.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private static void Log(string message) => Console.WriteLine($"[apphost] cloud profile: {message}");
}

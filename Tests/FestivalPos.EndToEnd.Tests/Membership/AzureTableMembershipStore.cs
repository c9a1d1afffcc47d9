using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FestivalPos.Clustering.AzureTable;
using FestivalPos.DevServers;

namespace FestivalPos.EndToEnd.Tests.Membership;

/// <summary>The membership table in a throwaway Azurite of its own, reached with a connection string.</summary>
public sealed class AzureTableMembershipStore(AzuriteServer azurite) : IMembershipStore
{
    private readonly AzureTableMembershipOptions _options = new() { ConnectionString = azurite.ConnectionString, TableName = "FestivalPosEndToEnd" };

    public string Description => "Azure Table membership (Azurite)";

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Cluster__Membership"] = "AzureTable",
        ["Cluster__AzureTable__ConnectionString"] = _options.ConnectionString!,
        ["Cluster__AzureTable__TableName"] = _options.TableName,
    };

    public static async Task<AzureTableMembershipStore> StartAsync() => new(await AzuriteServer.StartAsync());

    public IClientBuilder UseIn(IClientBuilder client) => client.UseAzureTableClustering(_options);

    public async Task<IReadOnlyDictionary<int, int>> StatusesByPortAsync(string clusterId)
    {
        var table = new TableClient(_options.ConnectionString, _options.TableName);
        var newest = new Dictionary<int, (int Generation, int Status)>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {clusterId}")))
            {
                // Besides a row per silo, Orleans keeps rows of the table's version in each cluster's partition.
                if (row.GetString("Status") is not { } status)
                {
                    continue;
                }

                var port = int.Parse(row.GetString("Port"), CultureInfo.InvariantCulture);
                var generation = int.Parse(row.GetString("Generation"), CultureInfo.InvariantCulture);
                if (!newest.TryGetValue(port, out var seen) || seen.Generation < generation)
                {
                    newest[port] = (generation, (int)Enum.Parse<SiloStatus>(status));
                }
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // No silo has created the table yet.
        }

        return newest.ToDictionary(entry => entry.Key, entry => entry.Value.Status);
    }

    public ValueTask DisposeAsync() => azurite.DisposeAsync();
}

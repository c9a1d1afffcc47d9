using FestivalPos.Clustering;
using Npgsql;

namespace FestivalPos.EndToEnd.Tests.Membership;

/// <summary>The membership tables in the ledger's PostgreSQL database.</summary>
public sealed class PostgresMembershipStore(string connectionString) : IMembershipStore
{
    public string Description => "PostgreSQL membership";

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Cluster__Membership"] = "PostgreSql",
        ["Cluster__PostgreSqlConnectionString"] = connectionString,
    };

    public IClientBuilder UseIn(IClientBuilder client) => client.UsePostgresClustering(connectionString);

    public async Task<IReadOnlyDictionary<int, int>> StatusesByPortAsync(string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT ON (port) port, status FROM cluster_membership_silo WHERE cluster_id = @cluster ORDER BY port, generation DESC",
            connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        var byPort = new Dictionary<int, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            byPort[reader.GetInt32(0)] = reader.GetInt32(1);
        }

        return byPort;
    }

    /// <summary>
    /// The suspicion votes the newest generation of each silo port carries: Orleans' <c>suspect_times</c>,
    /// "silo,time|silo,time", one entry per vote, kept after the silo is declared dead or the votes expire.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, int>> SuspicionVotesByPortAsync(string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT ON (port) port, COALESCE(suspect_times, '') FROM cluster_membership_silo WHERE cluster_id = @cluster ORDER BY port, generation DESC",
            connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        var byPort = new Dictionary<int, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            byPort[reader.GetInt32(0)] = reader.GetString(1).Split('|', StringSplitOptions.RemoveEmptyEntries).Length;
        }

        return byPort;
    }

    /// <summary>The database belongs to the system's PostgreSQL server, which goes with it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

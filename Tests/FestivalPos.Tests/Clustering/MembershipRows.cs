using Npgsql;
using Orleans.Runtime;

namespace FestivalPos.Tests.Clustering;

/// <summary>Reads the membership table directly, as (address:port:generation, status) pairs.</summary>
internal static class MembershipRows
{
    public const int Active = 3;
    public const int Dead = 6;

    public static string KeyOf(SiloAddress silo) => $"{silo.Endpoint.Address}:{silo.Endpoint.Port}:{silo.Generation}";

    public static async Task<Dictionary<string, int>> ReadStatusesAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT address, port, generation, status FROM cluster_membership_silo WHERE cluster_id = @cluster",
            connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new Dictionary<string, int>();
        while (await reader.ReadAsync())
        {
            statuses[$"{reader.GetString(0)}:{reader.GetInt32(1)}:{reader.GetInt32(2)}"] = reader.GetInt32(3);
        }

        return statuses;
    }
}

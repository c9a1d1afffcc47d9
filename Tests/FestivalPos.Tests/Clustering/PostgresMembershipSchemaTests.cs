using FestivalPos.Clustering;
using FestivalPos.DevServers;
using Npgsql;

namespace FestivalPos.Tests.Clustering;

public sealed class PostgresMembershipSchemaTests
{
    private static readonly string[] ExpectedQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey",
        "CleanupDefunctSiloEntryKey",
        "DeleteMembershipTableEntriesKey",
        "GatewaysQueryKey",
        "InsertMembershipKey",
        "InsertMembershipVersionKey",
        "MembershipReadAllKey",
        "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey",
        "UpdateMembershipKey",
    ];

    [Fact]
    public void Embeds_every_query_the_provider_reads()
    {
        PostgresMembershipSchema.Queries.Keys.Should().BeEquivalentTo(ExpectedQueryKeys);
        PostgresMembershipSchema.Queries.Values.Should().OnlyContain(text => text.Length > 0);
    }

    [Fact]
    public async Task Installing_again_and_concurrently_keeps_one_consistent_schema()
    {
        var connectionString = PostgresServer.Shared.CreateDatabase("schema");

        await PostgresMembershipSchema.EnsureCreatedAsync(connectionString);
        await InsertVersionRow(connectionString, "kept");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresMembershipSchema.EnsureCreatedAsync(connectionString)));
        await PostgresMembershipSchema.EnsureCreatedAsync(connectionString);

        var queries = await Scalar<long>(connectionString, "SELECT count(*) FROM orleansquery");
        queries.Should().Be(ExpectedQueryKeys.Length);
        var versionRows = await Scalar<long>(connectionString, "SELECT count(*) FROM cluster_membership_version");
        versionRows.Should().Be(1, "reinstalling must not drop membership data");
    }

    [Fact]
    public async Task Installing_restores_a_changed_query_text()
    {
        var connectionString = PostgresServer.Shared.CreateDatabase("schema");
        await PostgresMembershipSchema.EnsureCreatedAsync(connectionString);
        await Scalar<int>(connectionString,
            "UPDATE orleansquery SET querytext = 'SELECT 1' WHERE querykey = 'GatewaysQueryKey' RETURNING 1");

        await PostgresMembershipSchema.EnsureCreatedAsync(connectionString);

        var text = await Scalar<string>(connectionString,
            "SELECT querytext FROM orleansquery WHERE querykey = 'GatewaysQueryKey'");
        text.Should().Be(PostgresMembershipSchema.Queries["GatewaysQueryKey"]);
    }

    private static Task InsertVersionRow(string connectionString, string clusterId) =>
        Scalar<int>(connectionString,
            $"INSERT INTO cluster_membership_version (cluster_id) VALUES ('{clusterId}') RETURNING version");

    private static async Task<T> Scalar<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

using FestivalPos.DevServers;
using FestivalPos.Storage;
using FestivalPos.Storage.PostgreSql;
using Npgsql;

namespace FestivalPos.EndToEnd.Tests.Ledger;

/// <summary>The ledger in a database of a throwaway PostgreSQL server, which goes with it.</summary>
public sealed class PostgresLedgerStore : ILedgerStore
{
    private readonly PostgresServer _server;

    private PostgresLedgerStore(PostgresServer server)
    {
        _server = server;
        ConnectionString = server.CreateDatabase("cluster");
    }

    /// <summary>The ledger's database, which can hold the membership tables too.</summary>
    public string ConnectionString { get; }

    public string Description => "PostgreSQL ledger";

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Ledger__Storage__Provider"] = "PostgreSql",
        ["Ledger__Storage__PostgreSql__ConnectionString"] = ConnectionString,
    };

    public static async Task<PostgresLedgerStore> StartAsync()
    {
        var server = await PostgresServer.StartAsync();
        try
        {
            return new PostgresLedgerStore(server);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public IEventStoreBackend OpenBackend() => new PostgresEventStoreBackend(ConnectionString, maxConcurrentCommits: 1);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _server.DisposeAsync();
    }
}

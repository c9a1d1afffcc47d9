using FestivalPos.DevServers;
using FestivalPos.Storage;
using FestivalPos.Storage.Feed;
using FestivalPos.Storage.PostgreSql;
using Npgsql;

namespace FestivalPos.Tests.Storage.Feed;

public sealed class PostgresLedgerFeedTests : LedgerFeedConformanceTests
{
    private readonly string _connectionString = PostgresServer.Shared.CreateDatabase("feed");

    protected override IEventStoreBackend CreateBackend() => new PostgresEventStoreBackend(_connectionString);

    [Fact]
    public async Task A_ledger_from_before_the_feed_gives_its_events_positions_in_the_order_they_were_written()
    {
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            foreach (var sql in new[]
                     {
                         """
                         CREATE TABLE schema_version (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
                         INSERT INTO schema_version (version) VALUES (1), (2);
                         CREATE TABLE ledger_streams (stream_id text COLLATE "C" NOT NULL PRIMARY KEY, version bigint NOT NULL);
                         CREATE TABLE ledger_events (stream_id text COLLATE "C" NOT NULL, version bigint NOT NULL, payload text NOT NULL, hash text NOT NULL, PRIMARY KEY (stream_id, version));
                         CREATE TABLE ledger_index (key text COLLATE "C" NOT NULL, position bigint NOT NULL, value text NOT NULL, PRIMARY KEY (key, position));
                         """,
                         "INSERT INTO ledger_streams VALUES ('wallet/b', 2), ('wallet/a', 1)",
                         "INSERT INTO ledger_events VALUES ('wallet/b', 1, 'b1', 'h')",
                         "INSERT INTO ledger_events VALUES ('wallet/a', 1, 'a1', 'h'), ('wallet/b', 2, 'b2', 'h')",
                     })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        var backend = OpenBackend();
        await backend.AppendBatchAsync([new AppendRequest("wallet/a", 1, Events("a2"), [])], CancellationToken.None);

        (await ReadAllAsync((ILedgerFeed)backend)).Should().Equal(
            new FeedEntry(1, "wallet/b", 1, "b1"), new FeedEntry(2, "wallet/a", 1, "a1"),
            new FeedEntry(3, "wallet/b", 2, "b2"), new FeedEntry(4, "wallet/a", 2, "a2"));
        (await ((ILedgerFeed)backend).ReadHeadPositionAsync(CancellationToken.None)).Should().Be(4);
    }
}

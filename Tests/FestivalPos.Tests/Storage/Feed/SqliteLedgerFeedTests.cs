using FestivalPos.Storage;
using FestivalPos.Storage.Feed;
using FestivalPos.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace FestivalPos.Tests.Storage.Feed;

public sealed class SqliteLedgerFeedTests : LedgerFeedConformanceTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"festivalpos-feed-{Guid.NewGuid():N}");

    private string DatabasePath => Path.Combine(_folder, "ledger.db");

    protected override IEventStoreBackend CreateBackend() => new SqliteEventStoreBackend(DatabasePath);

    protected override Task DeleteDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_ledger_from_before_the_feed_gives_its_events_positions_in_the_order_they_were_written()
    {
        Directory.CreateDirectory(_folder);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);
                INSERT INTO schema_version VALUES (1, '2026-07-01T00:00:00Z'), (2, '2026-07-01T00:00:00Z');
                CREATE TABLE ledger_streams (stream_id TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE ledger_events (stream_id TEXT NOT NULL, version INTEGER NOT NULL, payload TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (stream_id, version));
                CREATE TABLE ledger_index (key TEXT NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key, position)) WITHOUT ROWID;
                INSERT INTO ledger_streams VALUES ('wallet/b', 2), ('wallet/a', 1);
                INSERT INTO ledger_events VALUES ('wallet/b', 1, 'b1', 'h'), ('wallet/a', 1, 'a1', 'h'), ('wallet/b', 2, 'b2', 'h');
                """;
            command.ExecuteNonQuery();
        }

        var backend = OpenBackend();
        await backend.AppendBatchAsync([new AppendRequest("wallet/a", 1, Events("a2"), [])], CancellationToken.None);

        (await ReadAllAsync((ILedgerFeed)backend)).Should().Equal(
            new FeedEntry(1, "wallet/b", 1, "b1"), new FeedEntry(2, "wallet/a", 1, "a1"),
            new FeedEntry(3, "wallet/b", 2, "b2"), new FeedEntry(4, "wallet/a", 2, "a2"));
    }
}

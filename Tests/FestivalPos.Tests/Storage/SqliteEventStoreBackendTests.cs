using FestivalPos.Storage;
using FestivalPos.Storage.Sqlite;

namespace FestivalPos.Tests.Storage;

public sealed class SqliteEventStoreBackendTests : EventStoreConformanceTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"festivalpos-ledger-{Guid.NewGuid():N}");

    /// <summary>A folder that does not exist yet: the backend creates it.</summary>
    protected override IEventStoreBackend CreateBackend() =>
        new SqliteEventStoreBackend(Path.Combine(_folder, "nested", "ledger.db"));

    protected override Task DeleteDatabaseAsync()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_database_is_a_durable_write_ahead_log_file()
    {
        var backend = OpenBackend();
        await backend.InitializeAsync(CancellationToken.None);

        File.Exists(Path.Combine(_folder, "nested", "ledger.db")).Should().BeTrue();
        File.Exists(Path.Combine(_folder, "nested", "ledger.db-wal")).Should().BeTrue();
    }
}

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

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_ledger_files_are_readable_by_their_owner_only_from_the_first_byte()
    {
        var backend = OpenBackend();
        await backend.InitializeAsync(CancellationToken.None);
        await backend.AppendBatchAsync([new AppendRequest("s-1", 0, [new EventToAppend("{}", "h")], [])], CancellationToken.None);

        foreach (var file in new[] { "ledger.db", "ledger.db-wal", "ledger.db-shm" })
        {
            File.GetUnixFileMode(Path.Combine(_folder, "nested", file)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, file);
        }
    }
}

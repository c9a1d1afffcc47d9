using FestivalPos.Storage;
using FestivalPos.Storage.Sqlite;

namespace FestivalPos.Tests.Infrastructure;

/// <summary>A group-commit event store over its own temporary SQLite file, deleted on dispose.</summary>
public sealed class TemporarySqliteStore : IAsyncDisposable
{
    public TemporarySqliteStore()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"festivalpos-{Guid.NewGuid():N}.db");
        Backend = new SqliteEventStoreBackend(Path);
        Store = new GroupCommitEventStore(Backend, new GroupCommitOptions());
    }

    public SqliteEventStoreBackend Backend { get; }

    public string Path { get; }

    public GroupCommitEventStore Store { get; }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}

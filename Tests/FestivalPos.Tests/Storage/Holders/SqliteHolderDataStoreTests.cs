using System.Text;
using FestivalPos.Storage;
using FestivalPos.Storage.Holders;
using FestivalPos.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace FestivalPos.Tests.Storage.Holders;

public sealed class SqliteHolderDataStoreTests : HolderDataStoreConformanceTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"festivalpos-holders-{Guid.NewGuid():N}.db");

    protected override IEventStoreBackend CreateBackend() => new SqliteEventStoreBackend(_path);

    protected override Task DeleteDatabaseAsync()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    /// <summary>secure_delete: once the write-ahead log is checkpointed, the erased bytes are nowhere in the file.</summary>
    [Fact]
    public async Task Erased_data_is_overwritten_in_the_database_file()
    {
        const string personal = "SEALED-PERSONAL-DATA-0123456789";
        await Holders.WriteHolderDataAsync("w-1", personal, At, CancellationToken.None);
        Checkpoint();
        FileContains(personal).Should().BeTrue("the test must see the data before erasure to mean anything");

        await Holders.EraseHolderDataAsync("w-1", At.AddDays(1), CancellationToken.None);
        Checkpoint();

        FileContains(personal).Should().BeFalse();
        (await Holders.ReadHolderDataAsync("w-1", CancellationToken.None))!.Sealed.Should().BeNull();
    }

    private void Checkpoint()
    {
        using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        command.ExecuteNonQuery();
    }

    private bool FileContains(string text)
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
    }
}

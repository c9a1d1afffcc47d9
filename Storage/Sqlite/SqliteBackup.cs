using Microsoft.Data.Sqlite;

namespace FestivalPos.Storage.Sqlite;

/// <summary>
/// Copies a SQLite ledger page by page with SQLite's online backup API: the copy is one consistent snapshot, taken
/// while the silo keeps committing (in WAL mode writers do not wait for it).
/// </summary>
public static class SqliteBackup
{
    /// <summary>Writes the ledger at <paramref name="databasePath"/> into a new owner-only file; throws <see cref="IOException"/> when <paramref name="backupPath"/> exists.</summary>
    public static void Backup(string databasePath, string backupPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(backupPath))!);
        OwnerOnlyFile.CreateNew(backupPath);
        Copy(databasePath, backupPath);
    }

    /// <summary>Replaces the content of the ledger at <paramref name="databasePath"/> (created owner-only by its backend) with the backup's.</summary>
    public static void Restore(string backupPath, string databasePath) => Copy(backupPath, databasePath);

    private static void Copy(string fromPath, string toPath)
    {
        using var from = Open(fromPath, SqliteOpenMode.ReadOnly);
        using var to = Open(toPath, SqliteOpenMode.ReadWrite);
        from.BackupDatabase(to);
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}

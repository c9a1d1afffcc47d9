using Microsoft.Data.Sqlite;

namespace FestivalPos.PosApp.Store;

/// <summary>
/// The terminal's SQLite file (WAL, synchronous=FULL): one connection per process, used by one
/// caller at a time; every write is a transaction that is durable when it returns.
/// </summary>
public sealed class StoreDatabase : IDisposable
{
    public const string FileName = "posapp.db";

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private StoreDatabase(SqliteConnection connection, SecretBox secrets, string directory, StoreSession session)
    {
        _connection = connection;
        Secrets = secrets;
        Directory = directory;
        Session = session;
    }

    public SecretBox Secrets { get; }

    /// <summary>This process's session: who holds a pending sale, and whether that holder still runs.</summary>
    public StoreSession Session { get; }

    public string Directory { get; }

    /// <summary>The store holds sales and sealed secrets: readable by its owner only from the first byte (SQLite gives its WAL the same mode).</summary>
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            using var file = OwnerOnlyFile.CreateNew(path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another posapp process created it first.
        }
    }

    /// <summary>Opens (and migrates) the store in <paramref name="directory"/>; <paramref name="create"/> makes the folder and key.</summary>
    public static StoreDatabase Open(string directory, bool create = false)
    {
        if (!create && !File.Exists(Path.Combine(directory, FileName)))
        {
            throw new PosException(ExitCodes.NotEnrolled, $"No terminal store in {Path.GetFullPath(directory)}: run 'posapp enroll' first.");
        }

        System.IO.Directory.CreateDirectory(directory);
        var key = StoreKey.LoadOrCreate(directory, create);
        CreateOwnerOnly(Path.Combine(directory, FileName));
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, FileName),
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;");
            Schema.Migrate(connection);
            return new StoreDatabase(connection, new SecretBox(key), directory, StoreSession.Start(directory));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> alone on the connection, inside one IMMEDIATE transaction committed before returning.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        await _gate.WaitAsync();
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var result = work(_connection, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work)
    {
        await _gate.WaitAsync();
        try
        {
            return work(_connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
        Session.Dispose();
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

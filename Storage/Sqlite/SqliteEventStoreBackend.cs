using System.Runtime.CompilerServices;
using FestivalPos.Storage.Feed;
using Microsoft.Data.Sqlite;

namespace FestivalPos.Storage.Sqlite;

/// <summary>
/// The ledger in one SQLite file: WAL with synchronous=FULL, so a commit is on disk when it returns.
/// A single writer connection commits each batch in one BEGIN IMMEDIATE transaction with prepared
/// commands; reads use pooled connections of their own.
/// </summary>
public sealed partial class SqliteEventStoreBackend : IEventStoreBackend, ILedgerFeed
{
    private readonly string _path;
    private readonly string _connectionString;
    private readonly CachedInitialization _initialization;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteWriter? _writer;
    private bool _disposed;

    public SqliteEventStoreBackend(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _initialization = new CachedInitialization(InitializeCoreAsync);
    }

    public int MaxConcurrentCommits => 1;

    public Task InitializeAsync(CancellationToken cancellationToken) => _initialization.EnsureAsync(cancellationToken);

    public async Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<AppendRequest> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        AppendBatchValidation.ThrowIfInvalid(batch);
        return await WriteAsync(writer => writer.Commit(batch), cancellationToken);
    }

    public async Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCount, ILedgerFeed.MaxReadCount);
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT position, stream_id, version, payload FROM ledger_events WHERE position > $after ORDER BY position LIMIT $count";
        command.Parameters.AddWithValue("$after", afterPosition);
        command.Parameters.AddWithValue("$count", maxCount);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<FeedEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new FeedEntry(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return entries;
    }

    public Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken) =>
        ReadScalarAsync("SELECT coalesce(max(position), 0) FROM ledger_events", id: null, cancellationToken);

    public Task<long> ReadCheckpointAsync(string consumer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        return ReadScalarAsync("SELECT coalesce(max(position), 0) FROM ledger_feed_checkpoints WHERE consumer = $id", consumer, cancellationToken);
    }

    public Task SaveCheckpointAsync(string consumer, long position, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        return WriteAsync(writer => writer.SaveCheckpoint(consumer, position), cancellationToken);
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadAsync(string streamId, long afterVersion, CancellationToken cancellationToken) =>
        ReadAfterAsync(
            "SELECT version, payload, hash FROM ledger_events WHERE stream_id = $id AND version > $after ORDER BY version",
            streamId, afterVersion, reader => new RecordedEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)), cancellationToken);

    public Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string key, long afterPosition, CancellationToken cancellationToken) =>
        ReadAfterAsync(
            "SELECT position, value FROM ledger_index WHERE key = $id AND position > $after ORDER BY position",
            key, afterPosition, reader => new IndexEntry(key, reader.GetInt64(0), reader.GetString(1)), cancellationToken);

    public async IAsyncEnumerable<string> ListStreamsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var upperBound = StreamPrefix.ExclusiveUpperBound(prefix);
        command.CommandText = upperBound is null
            ? "SELECT stream_id FROM ledger_streams WHERE stream_id >= $prefix ORDER BY stream_id"
            : "SELECT stream_id FROM ledger_streams WHERE stream_id >= $prefix AND stream_id < $upper ORDER BY stream_id";
        command.Parameters.AddWithValue("$prefix", prefix);
        if (upperBound is not null)
        {
            command.Parameters.AddWithValue("$upper", upperBound);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetString(0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer?.Dispose();
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<T> WriteAsync<T>(Func<SqliteWriter, T> write, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return write(_writer!);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<long> ReadScalarAsync(string sql, string? id, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }

        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The rows of a query on ($id, $after: a position above which to read), in the query's order.</summary>
    private async Task<IReadOnlyList<T>> ReadAfterAsync<T>(string sql, string id, long after, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$after", after);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// The ledger holds money: its file is readable by its owner only from the first byte, and SQLite gives the WAL and
    /// shared-memory files the database file's permissions.
    /// </summary>
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            OwnerOnlyFile.CreateNew(path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; it is opened as it is.
        }
    }

    private Task InitializeCoreAsync()
    {
        var folder = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        CreateOwnerOnly(_path);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                // secure_delete: erased holder data is overwritten with zeros in the file, not left in a free page.
                pragmas.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;";
                pragmas.ExecuteNonQuery();
            }

            SqliteSchema.Migrate(connection);
            _writer = new SqliteWriter(connection);
            return Task.CompletedTask;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

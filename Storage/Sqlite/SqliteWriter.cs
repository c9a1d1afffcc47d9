using Microsoft.Data.Sqlite;

namespace FestivalPos.Storage.Sqlite;

/// <summary>
/// The single writer connection and its prepared commands; one batch at a time. It gives every event its feed
/// position as it inserts it, one above the highest stored: with one writer, position order is commit order.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _createHead;
    private readonly SqliteCommand _moveHead;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertIndexEntry;
    private readonly SqliteCommand _readHead;
    private readonly SqliteCommand _readIndexValue;
    private readonly SqliteCommand _readFeedHead;
    private readonly SqliteCommand _saveCheckpoint;
    private readonly SqliteCommand _saveHolderData;
    private long _feedHead;

    public SqliteWriter(SqliteConnection connection)
    {
        _connection = connection;
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        _createHead = Prepare(
            "INSERT INTO ledger_streams (stream_id, version) VALUES ($stream, $version) ON CONFLICT (stream_id) DO NOTHING",
            "$stream", "$version");
        _moveHead = Prepare(
            "UPDATE ledger_streams SET version = $version WHERE stream_id = $stream AND version = $expected",
            "$stream", "$version", "$expected");
        _insertEvent = Prepare(
            "INSERT INTO ledger_events (stream_id, version, payload, hash, position) VALUES ($stream, $version, $payload, $hash, $position)",
            "$stream", "$version", "$payload", "$hash", "$position");
        _insertIndexEntry = Prepare(
            "INSERT INTO ledger_index (key, position, value) VALUES ($key, $position, $value) ON CONFLICT (key, position) DO NOTHING",
            "$key", "$position", "$value");
        _readHead = Prepare("SELECT version FROM ledger_streams WHERE stream_id = $stream", "$stream");
        _readIndexValue = Prepare("SELECT value FROM ledger_index WHERE key = $key AND position = $position", "$key", "$position");
        _readFeedHead = Prepare("SELECT coalesce(max(position), 0) FROM ledger_events");
        _saveCheckpoint = Prepare(
            "INSERT INTO ledger_feed_checkpoints (consumer, position) VALUES ($consumer, $position) " +
            "ON CONFLICT (consumer) DO UPDATE SET position = max(position, excluded.position)",
            "$consumer", "$position");
        _saveHolderData = Prepare(
            "INSERT INTO holder_data (wallet_id, sealed, changed_at, erased_at) VALUES ($wallet, $sealed, $changed, $erased) " +
            "ON CONFLICT (wallet_id) DO UPDATE SET sealed = excluded.sealed, changed_at = excluded.changed_at, erased_at = excluded.erased_at",
            "$wallet", "$sealed", "$changed", "$erased");
    }

    public IReadOnlyList<AppendOutcome> Commit(IReadOnlyList<AppendRequest> batch)
    {
        var outcomes = new AppendOutcome[batch.Count];
        _begin.ExecuteNonQuery();
        try
        {
            _feedHead = (long)_readFeedHead.ExecuteScalar()!;
            for (var i = 0; i < batch.Count; i++)
            {
                outcomes[i] = Append(batch[i]);
            }

            _commit.ExecuteNonQuery();
            return outcomes;
        }
        catch
        {
            if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
            {
                _rollback.ExecuteNonQuery();
            }

            throw;
        }
    }

    /// <summary>Moves the consumer's checkpoint up to the position; answers the rows written (0 or 1).</summary>
    public int SaveCheckpoint(string consumer, long position)
    {
        _saveCheckpoint.Parameters["$consumer"].Value = consumer;
        _saveCheckpoint.Parameters["$position"].Value = position;
        return _saveCheckpoint.ExecuteNonQuery();
    }

    /// <summary>Writes the wallet's holder data row: sealed data, or (null, erasedAt) for a tombstone.</summary>
    public int SaveHolderData(string walletId, string? sealedData, DateTimeOffset changedAt, DateTimeOffset? erasedAt)
    {
        _saveHolderData.Parameters["$wallet"].Value = walletId;
        _saveHolderData.Parameters["$sealed"].Value = (object?)sealedData ?? DBNull.Value;
        _saveHolderData.Parameters["$changed"].Value = changedAt.ToString("O");
        _saveHolderData.Parameters["$erased"].Value = (object?)erasedAt?.ToString("O") ?? DBNull.Value;
        return _saveHolderData.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in new[]
                 {
                     _begin, _commit, _rollback, _createHead, _moveHead, _insertEvent, _insertIndexEntry, _readHead, _readIndexValue,
                     _readFeedHead, _saveCheckpoint, _saveHolderData,
                 })
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    /// <summary>
    /// Appends one request of the batch. Earlier requests were written in this same transaction, so
    /// their entries are found like committed ones: the batch decides as if appended one by one.
    /// </summary>
    private AppendOutcome Append(AppendRequest request)
    {
        if (BindsABoundPosition(request))
        {
            return IsAtExpectedVersion(request) ? AppendOutcome.IndexConflict : AppendOutcome.VersionConflict;
        }

        var newVersion = request.ExpectedVersion + request.Events.Count;
        var head = request.ExpectedVersion == 0 ? _createHead : _moveHead;
        head.Parameters["$stream"].Value = request.StreamId;
        head.Parameters["$version"].Value = newVersion;
        if (request.ExpectedVersion != 0)
        {
            head.Parameters["$expected"].Value = request.ExpectedVersion;
        }

        if (head.ExecuteNonQuery() != 1)
        {
            return AppendOutcome.VersionConflict;
        }

        _insertEvent.Parameters["$stream"].Value = request.StreamId;
        var version = request.ExpectedVersion;
        foreach (var @event in request.Events)
        {
            _insertEvent.Parameters["$version"].Value = ++version;
            _insertEvent.Parameters["$payload"].Value = @event.Payload;
            _insertEvent.Parameters["$hash"].Value = @event.Hash;
            _insertEvent.Parameters["$position"].Value = ++_feedHead;
            _insertEvent.ExecuteNonQuery();
        }

        foreach (var entry in request.Index)
        {
            _insertIndexEntry.Parameters["$key"].Value = entry.Key;
            _insertIndexEntry.Parameters["$position"].Value = entry.Position;
            _insertIndexEntry.Parameters["$value"].Value = entry.Value;
            _insertIndexEntry.ExecuteNonQuery();
        }

        return AppendOutcome.Appended;
    }

    private bool BindsABoundPosition(AppendRequest request)
    {
        foreach (var entry in request.Index)
        {
            _readIndexValue.Parameters["$key"].Value = entry.Key;
            _readIndexValue.Parameters["$position"].Value = entry.Position;
            if (_readIndexValue.ExecuteScalar() is string stored && stored != entry.Value)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Asked only of a request that clashes, so a version conflict can take precedence.</summary>
    private bool IsAtExpectedVersion(AppendRequest request)
    {
        _readHead.Parameters["$stream"].Value = request.StreamId;
        var version = _readHead.ExecuteScalar() is long stored ? stored : 0;
        return version == request.ExpectedVersion;
    }

    private SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}

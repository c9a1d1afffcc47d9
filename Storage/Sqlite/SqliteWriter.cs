using Microsoft.Data.Sqlite;

namespace FestivalPos.Storage.Sqlite;

/// <summary>The single writer connection and its prepared commands; one batch at a time.</summary>
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
            "INSERT INTO ledger_events (stream_id, version, payload, hash) VALUES ($stream, $version, $payload, $hash)",
            "$stream", "$version", "$payload", "$hash");
        _insertIndexEntry = Prepare(
            "INSERT INTO ledger_index (key, position, value) VALUES ($key, $position, $value) ON CONFLICT (key, position) DO NOTHING",
            "$key", "$position", "$value");
    }

    public IReadOnlyList<AppendOutcome> Commit(IReadOnlyList<AppendRequest> batch)
    {
        var outcomes = new AppendOutcome[batch.Count];
        _begin.ExecuteNonQuery();
        try
        {
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

    public void Dispose()
    {
        foreach (var command in new[] { _begin, _commit, _rollback, _createHead, _moveHead, _insertEvent, _insertIndexEntry })
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private AppendOutcome Append(AppendRequest request)
    {
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

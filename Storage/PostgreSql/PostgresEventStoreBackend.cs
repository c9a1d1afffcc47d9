using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace FestivalPos.Storage.PostgreSql;

/// <summary>
/// The ledger in PostgreSQL. Each batch is one statement, so one round trip and one implicit
/// transaction: stream heads move only where the version matches, events and index entries go in
/// only for those streams, and the statement answers the streams that moved.
/// </summary>
public sealed class PostgresEventStoreBackend : IEventStoreBackend
{
    private const int MaxAttempts = 3;

    private const string AppendBatchSql = """
        WITH request AS (
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS r(stream_id, expected_version, new_version)
        ),
        moved AS (
            UPDATE ledger_streams AS s
            SET version = r.new_version
            FROM request AS r
            WHERE r.expected_version > 0 AND s.stream_id = r.stream_id AND s.version = r.expected_version
            RETURNING s.stream_id
        ),
        created AS (
            INSERT INTO ledger_streams (stream_id, version)
            SELECT stream_id, new_version FROM request WHERE expected_version = 0
            ON CONFLICT (stream_id) DO NOTHING
            RETURNING stream_id
        ),
        appended AS (
            SELECT stream_id FROM moved
            UNION ALL
            SELECT stream_id FROM created
        ),
        inserted AS (
            INSERT INTO ledger_events (stream_id, version, payload, hash)
            SELECT e.stream_id, e.version, e.payload, e.hash
            FROM unnest($4::text[], $5::bigint[], $6::text[], $7::text[]) AS e(stream_id, version, payload, hash)
            WHERE e.stream_id IN (SELECT stream_id FROM appended)
        ),
        indexed AS (
            INSERT INTO ledger_index (key, position, value)
            SELECT i.key, i.position, i.value
            FROM unnest($8::text[], $9::bigint[], $10::text[], $11::text[]) AS i(stream_id, position, key, value)
            WHERE i.stream_id IN (SELECT stream_id FROM appended)
            ON CONFLICT (key, position) DO NOTHING
        )
        SELECT stream_id FROM appended
        """;

    private const string ReadSql =
        "SELECT version, payload, hash FROM ledger_events WHERE stream_id = $1 AND version > $2 ORDER BY version";

    private const string ReadIndexSql =
        "SELECT position, value FROM ledger_index WHERE key = $1 AND position > $2 ORDER BY position";

    private readonly NpgsqlDataSource _dataSource;
    private readonly CachedInitialization _initialization;

    public PostgresEventStoreBackend(string connectionString, int maxConcurrentCommits = 4)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentCommits, 1);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 16;
        }

        _dataSource = builder.Build();
        MaxConcurrentCommits = maxConcurrentCommits;
        _initialization = new CachedInitialization(() => PostgresSchema.MigrateAsync(_dataSource, CancellationToken.None));
    }

    public int MaxConcurrentCommits { get; }

    public Task InitializeAsync(CancellationToken cancellationToken) => _initialization.EnsureAsync(cancellationToken);

    public async Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<AppendRequest> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        AppendBatchValidation.ThrowIfInvalid(batch);
        await InitializeAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var appended = await ExecuteAppendAsync(batch, cancellationToken);
                return batch.Select(r => appended.Contains(r.StreamId) ? AppendOutcome.Appended : AppendOutcome.VersionConflict).ToArray();
            }
            catch (PostgresException exception) when (attempt < MaxAttempts && IsRetriable(exception))
            {
                // The statement was rolled back as a whole (a deadlock with a concurrent batch): try it again.
            }
        }
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadAsync(string streamId, long afterVersion, CancellationToken cancellationToken) =>
        ReadAfterAsync(ReadSql, streamId, afterVersion, reader => new RecordedEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)), cancellationToken);

    public Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string key, long afterPosition, CancellationToken cancellationToken) =>
        ReadAfterAsync(ReadIndexSql, key, afterPosition, reader => new IndexEntry(key, reader.GetInt64(0), reader.GetString(1)), cancellationToken);

    public async IAsyncEnumerable<string> ListStreamsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var upperBound = StreamPrefix.ExclusiveUpperBound(prefix);
        await using var command = _dataSource.CreateCommand(upperBound is null
            ? "SELECT stream_id FROM ledger_streams WHERE stream_id >= $1 COLLATE \"C\" ORDER BY stream_id"
            : "SELECT stream_id FROM ledger_streams WHERE stream_id >= $1 COLLATE \"C\" AND stream_id < $2 COLLATE \"C\" ORDER BY stream_id");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
        if (upperBound is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = upperBound });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetString(0);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>The rows of a query on (an id, a position above which to read), in the query's order.</summary>
    private async Task<IReadOnlyList<T>> ReadAfterAsync<T>(string sql, string id, long after, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static bool IsRetriable(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    private async Task<HashSet<string>> ExecuteAppendAsync(IReadOnlyList<AppendRequest> batch, CancellationToken cancellationToken)
    {
        var eventCount = batch.Sum(r => r.Events.Count);
        var streamIds = new string[batch.Count];
        var expectedVersions = new long[batch.Count];
        var newVersions = new long[batch.Count];
        var eventStreamIds = new string[eventCount];
        var eventVersions = new long[eventCount];
        var payloads = new string[eventCount];
        var hashes = new string[eventCount];
        var entryCount = batch.Sum(r => r.Index.Count);
        var entryStreamIds = new string[entryCount];
        var positions = new long[entryCount];
        var keys = new string[entryCount];
        var values = new string[entryCount];
        var e = 0;
        var x = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var request = batch[i];
            streamIds[i] = request.StreamId;
            expectedVersions[i] = request.ExpectedVersion;
            newVersions[i] = request.ExpectedVersion + request.Events.Count;
            for (var j = 0; j < request.Events.Count; j++, e++)
            {
                eventStreamIds[e] = request.StreamId;
                eventVersions[e] = request.ExpectedVersion + j + 1;
                payloads[e] = request.Events[j].Payload;
                hashes[e] = request.Events[j].Hash;
            }

            foreach (var entry in request.Index)
            {
                entryStreamIds[x] = request.StreamId;
                positions[x] = entry.Position;
                keys[x] = entry.Key;
                values[x++] = entry.Value;
            }
        }

        await using var command = _dataSource.CreateCommand(AppendBatchSql);
        command.Parameters.Add(TextArray(streamIds));
        command.Parameters.Add(BigintArray(expectedVersions));
        command.Parameters.Add(BigintArray(newVersions));
        command.Parameters.Add(TextArray(eventStreamIds));
        command.Parameters.Add(BigintArray(eventVersions));
        command.Parameters.Add(TextArray(payloads));
        command.Parameters.Add(TextArray(hashes));
        command.Parameters.Add(TextArray(entryStreamIds));
        command.Parameters.Add(BigintArray(positions));
        command.Parameters.Add(TextArray(keys));
        command.Parameters.Add(TextArray(values));
        var appended = new HashSet<string>(batch.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            appended.Add(reader.GetString(0));
        }

        return appended;
    }

    private static NpgsqlParameter<string[]> TextArray(string[] values) =>
        new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter<long[]> BigintArray(long[] values) =>
        new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };
}

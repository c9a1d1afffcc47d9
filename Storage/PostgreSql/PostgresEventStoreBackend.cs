using System.Runtime.CompilerServices;
using FestivalPos.Storage.Feed;
using Npgsql;
using NpgsqlTypes;

namespace FestivalPos.Storage.PostgreSql;

/// <summary>
/// The ledger in PostgreSQL. Each batch is one statement, so one round trip and one implicit
/// transaction: stream heads move only where the version matches and no index entry finds its
/// position bound to another value, events and index entries go in only for those streams, and the
/// statement answers the streams that moved and those refused for an index conflict.
/// </summary>
/// <remarks>
/// Feed positions: the statement moves the one-row feed head by the number of events it inserts and numbers
/// them from there. The head's row lock is held until the transaction commits, so a later statement takes its
/// positions only after the earlier one is visible: positions are dense and appear in order (the price is that
/// commits of concurrent batches queue on that row from their head update to their commit).
/// Index bindings: the statement checks the entries against those its snapshot sees and leaves out
/// the requests they refuse. An entry committed by a concurrent batch after that snapshot is found
/// only by the insert, which waits for that batch and then, on a different value, returns no row
/// (DO UPDATE ... WHERE equal); the statement then divides by zero, so it rolls back whole, and the
/// retry's snapshot sees the binding. Requests of one batch that bind a position differently go to
/// successive statements of one transaction (<see cref="BindingRounds"/>), so the later ones see
/// the earlier ones' entries as stored.
/// </remarks>
public sealed partial class PostgresEventStoreBackend : IEventStoreBackend, ILedgerFeed
{
    /// <summary>Attempts of a batch rolled back by a deadlock or a serialization failure.</summary>
    private const int MaxAttempts = 3;

    /// <summary>
    /// Attempts of a batch rolled back because an entry lost a race to a concurrent binding. Each such retry
    /// sees the binding that won, so it settles at least one entry: these are progress, not a livelock,
    /// and a lost race should not fail a whole batch of other appends as a deadlock budget would.
    /// </summary>
    private const int MaxBindingRaceAttempts = 10;

    private const string AppendBatchSql = """
        WITH request AS (
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS r(stream_id, expected_version, new_version)
        ),
        entry AS (
            SELECT i.stream_id, i.key, i.position, i.value, stored.value AS stored_value
            FROM unnest($8::text[], $9::bigint[], $10::text[], $11::text[]) AS i(stream_id, position, key, value)
            LEFT JOIN ledger_index AS stored ON stored.key = i.key AND stored.position = i.position
        ),
        blocked AS (
            SELECT DISTINCT stream_id FROM entry WHERE stored_value <> value
        ),
        moved AS (
            UPDATE ledger_streams AS s
            SET version = r.new_version
            FROM request AS r
            WHERE r.expected_version > 0 AND s.stream_id = r.stream_id AND s.version = r.expected_version
                AND r.stream_id NOT IN (SELECT stream_id FROM blocked)
            RETURNING s.stream_id
        ),
        created AS (
            INSERT INTO ledger_streams (stream_id, version)
            SELECT stream_id, new_version FROM request
            WHERE expected_version = 0 AND stream_id NOT IN (SELECT stream_id FROM blocked)
            ON CONFLICT (stream_id) DO NOTHING
            RETURNING stream_id
        ),
        appended AS (
            SELECT stream_id FROM moved
            UNION ALL
            SELECT stream_id FROM created
        ),
        fresh AS (
            SELECT e.stream_id, e.version, e.payload, e.hash, row_number() OVER (ORDER BY e.ordinal) AS nth
            FROM unnest($4::text[], $5::bigint[], $6::text[], $7::text[]) WITH ORDINALITY AS e(stream_id, version, payload, hash, ordinal)
            WHERE e.stream_id IN (SELECT stream_id FROM appended)
        ),
        feed AS (
            UPDATE ledger_feed_head SET position = position + (SELECT count(*) FROM fresh)
            WHERE EXISTS (SELECT 1 FROM fresh)
            RETURNING position - (SELECT count(*) FROM fresh) AS after
        ),
        inserted AS (
            INSERT INTO ledger_events (stream_id, version, payload, hash, position)
            SELECT fresh.stream_id, fresh.version, fresh.payload, fresh.hash, feed.after + fresh.nth
            FROM fresh CROSS JOIN feed
        ),
        unbound AS (
            SELECT DISTINCT ON (key, position) key, position, value
            FROM entry
            WHERE stored_value IS NULL AND stream_id IN (SELECT stream_id FROM appended)
            ORDER BY key, position
        ),
        indexed AS (
            INSERT INTO ledger_index (key, position, value)
            SELECT key, position, value FROM unbound
            ON CONFLICT (key, position) DO UPDATE SET value = EXCLUDED.value WHERE ledger_index.value = EXCLUDED.value
            RETURNING 1
        ),
        refused AS (
            SELECT r.stream_id FROM request AS r
            WHERE r.stream_id IN (SELECT stream_id FROM blocked)
                AND r.expected_version = coalesce((SELECT s.version FROM ledger_streams AS s WHERE s.stream_id = r.stream_id), 0)
        )
        SELECT decided.stream_id, decided.outcome
        FROM (
            SELECT stream_id, 0 AS outcome FROM appended
            UNION ALL
            SELECT stream_id, 2 AS outcome FROM refused
        ) AS decided
        WHERE 1 / (SELECT CASE WHEN count(*) = (SELECT count(*) FROM unbound) THEN 1 ELSE 0 END FROM indexed) = 1
        """;

    private const string ReadSql =
        "SELECT version, payload, hash FROM ledger_events WHERE stream_id = $1 AND version > $2 ORDER BY version";

    private const string ReadIndexSql =
        "SELECT position, value FROM ledger_index WHERE key = $1 AND position > $2 ORDER BY position";

    private const string ReadFeedSql =
        "SELECT position, stream_id, version, payload FROM ledger_events WHERE position > $1 ORDER BY position LIMIT $2";

    private const string SaveCheckpointSql = """
        INSERT INTO ledger_feed_checkpoints (consumer, position) VALUES ($1, $2)
        ON CONFLICT (consumer) DO UPDATE SET position = greatest(ledger_feed_checkpoints.position, EXCLUDED.position)
        """;

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
        var rounds = BindingRounds.Split(batch);
        var attempts = 1;
        var bindingRaceAttempts = 1;
        while (true)
        {
            try
            {
                var decided = rounds.Count == 1
                    ? await ExecuteAppendAsync(batch, cancellationToken)
                    : await ExecuteRoundsAsync(rounds, cancellationToken);
                return batch.Select(r => decided.GetValueOrDefault(r.StreamId, AppendOutcome.VersionConflict)).ToArray();
            }
            catch (PostgresException exception) when (IsLostBindingRace(exception) && bindingRaceAttempts < MaxBindingRaceAttempts)
            {
                // Rolled back whole; the next snapshot sees the binding that won, so the request it clashes with is refused.
                bindingRaceAttempts++;
            }
            catch (PostgresException exception) when (IsRetriable(exception) && attempts < MaxAttempts)
            {
                // Rolled back whole (a deadlock with a concurrent batch): try it again.
                attempts++;
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

    public async Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCount, ILedgerFeed.MaxReadCount);
        await InitializeAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand(ReadFeedSql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterPosition });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<FeedEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new FeedEntry(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return entries;
    }

    public async Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("SELECT position FROM ledger_feed_head");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> ReadCheckpointAsync(string consumer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        await InitializeAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("SELECT coalesce(max(position), 0) FROM ledger_feed_checkpoints WHERE consumer = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task SaveCheckpointAsync(string consumer, long position, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        await InitializeAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand(SaveCheckpointSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        await command.ExecuteNonQueryAsync(cancellationToken);
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

    /// <summary>A division by zero comes only from the append statement's guard: an entry found its position bound by a concurrent batch.</summary>
    private static bool IsLostBindingRace(PostgresException exception) => exception.SqlState == PostgresErrorCodes.DivisionByZero;

    /// <summary>The common case: the whole batch in one statement, in its own implicit transaction.</summary>
    private async Task<Dictionary<string, AppendOutcome>> ExecuteAppendAsync(IReadOnlyList<AppendRequest> batch, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(AppendBatchSql);
        var decided = new Dictionary<string, AppendOutcome>(batch.Count, StringComparer.Ordinal);
        await RunAppendStatementAsync(command, batch, decided, cancellationToken);
        return decided;
    }

    /// <summary>A batch whose requests bind positions differently: one statement per round, in one transaction.</summary>
    private async Task<Dictionary<string, AppendOutcome>> ExecuteRoundsAsync(IReadOnlyList<IReadOnlyList<AppendRequest>> rounds, CancellationToken cancellationToken)
    {
        var decided = new Dictionary<string, AppendOutcome>(rounds.Sum(round => round.Count), StringComparer.Ordinal);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var round in rounds)
        {
            await using var command = new NpgsqlCommand(AppendBatchSql, connection, transaction);
            await RunAppendStatementAsync(command, round, decided, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return decided;
    }

    /// <summary>Runs the append statement for these requests and records the outcome of each stream it answers.</summary>
    private static async Task RunAppendStatementAsync(
        NpgsqlCommand command, IReadOnlyList<AppendRequest> batch, Dictionary<string, AppendOutcome> decided, CancellationToken cancellationToken)
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
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            decided[reader.GetString(0)] = (AppendOutcome)reader.GetInt32(1);
        }
    }

    private static NpgsqlParameter<string[]> TextArray(string[] values) =>
        new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter<long[]> BigintArray(long[] values) =>
        new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };
}

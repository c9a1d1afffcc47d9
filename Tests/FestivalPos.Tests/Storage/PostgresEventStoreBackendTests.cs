using System.Diagnostics;
using FestivalPos.Storage;
using FestivalPos.Storage.PostgreSql;
using FestivalPos.DevServers;
using Npgsql;
using Xunit.Abstractions;

namespace FestivalPos.Tests.Storage;

public sealed class PostgresEventStoreBackendTests(ITestOutputHelper output) : EventStoreConformanceTests
{
    private readonly string _connectionString = PostgresServer.Shared.CreateDatabase("ledger");

    protected override IEventStoreBackend CreateBackend() => new PostgresEventStoreBackend(_connectionString);

    /// <summary>
    /// Another transaction binds the position after the batch's statement took its snapshot, so only the
    /// entry insert, waiting on that transaction, can tell: a different value must refuse the request whole.
    /// </summary>
    [Fact]
    public async Task A_binding_committed_while_the_batch_waits_on_it_decides_the_request()
    {
        var backend = OpenBackend();
        await backend.InitializeAsync(CancellationToken.None);

        var different = await AppendWhileAnotherTransactionBindsAsync(backend, "wallet/different", "other", commit: true);
        var equal = await AppendWhileAnotherTransactionBindsAsync(backend, "wallet/equal", "wallet/equal", commit: true);
        var rolledBack = await AppendWhileAnotherTransactionBindsAsync(backend, "wallet/rolled-back", "other", commit: false);

        different.Should().Be(AppendOutcome.IndexConflict);
        (await Payloads(backend, "wallet/different")).Should().BeEmpty();
        equal.Should().Be(AppendOutcome.Appended);
        rolledBack.Should().Be(AppendOutcome.Appended);
        (await backend.ReadIndexAsync(SeqsKey, 0, CancellationToken.None)).Select(e => e.Value).Should().Equal("other", "wallet/equal", "wallet/rolled-back");
    }

    [Fact]
    public async Task Throughput_smoke_check_with_a_thousand_concurrent_appenders()
    {
        const int appenders = 1000;
        const int appendsEach = 20;
        var store = OpenStore(OpenBackend());
        await store.AppendAsync("warm-up", 0, Events("warm"), []);

        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(async appender =>
        {
            for (var version = 0; version < appendsEach; version++)
            {
                await store.AppendAsync($"wallet/{appender}", version, Events($"{{\"amount\":{version}}}"), []);
            }
        }));
        stopwatch.Stop();

        store.AppendCount.Should().Be(appenders * appendsEach + 1);
        output.WriteLine(
            $"{appenders * appendsEach} appends from {appenders} appenders in {stopwatch.Elapsed.TotalSeconds:F2} s: " +
            $"{appenders * appendsEach / stopwatch.Elapsed.TotalSeconds:F0} appends/s, " +
            $"{(double)store.AppendCount / store.CommitCount:F0} appends per commit");
    }

    /// <summary>Creates the stream binding the next position of <see cref="EventStoreConformanceTests.SeqsKey"/> to its id, while another transaction binds it to <paramref name="otherValue"/>.</summary>
    private async Task<AppendOutcome> AppendWhileAnotherTransactionBindsAsync(IEventStoreBackend backend, string streamId, string otherValue, bool commit)
    {
        var position = (await backend.ReadIndexAsync(SeqsKey, 0, CancellationToken.None)).Count + 1;
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var bind = new NpgsqlCommand("INSERT INTO ledger_index (key, position, value) VALUES ($1, $2, $3)", connection, transaction))
        {
            bind.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SeqsKey });
            bind.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
            bind.Parameters.Add(new NpgsqlParameter<string> { TypedValue = otherValue });
            await bind.ExecuteNonQueryAsync();
        }

        var append = backend.AppendBatchAsync([Indexed(streamId, 0, "opened", new IndexEntry(SeqsKey, position, streamId))], CancellationToken.None);
        await WaitForABlockedStatementAsync(connection);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return (await append).Single();
    }

    private static async Task WaitForABlockedStatementAsync(NpgsqlConnection connection)
    {
        const int maxPolls = 500;
        await using var blocked = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        for (var poll = 0; poll < maxPolls; poll++)
        {
            if ((long)(await blocked.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        throw new TimeoutException("The append never waited on the other transaction's entry.");
    }
}

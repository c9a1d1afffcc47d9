using System.Diagnostics;
using FestivalPos.Storage;
using FestivalPos.Storage.PostgreSql;
using FestivalPos.DevServers;
using Xunit.Abstractions;

namespace FestivalPos.Tests.Storage;

public sealed class PostgresEventStoreBackendTests(ITestOutputHelper output) : EventStoreConformanceTests
{
    private readonly string _connectionString = PostgresServer.Shared.CreateDatabase("ledger");

    protected override IEventStoreBackend CreateBackend() => new PostgresEventStoreBackend(_connectionString);

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
}
